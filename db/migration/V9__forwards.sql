-- Port forwards (issue 12): destination NAT from the WAN to a LAN server, IPv4 only. position keeps the
-- admin's order. host_id names a host of the inventory, or target gives an address (exactly one of them);
-- target_port NULL means the same port(s) as on the WAN. allowed_sources: IPv4 networks in canonical text
-- separated by single spaces, NULL for any source.
CREATE TABLE forwards (
  id              BIGINT       NOT NULL PRIMARY KEY,
  position        INT          NOT NULL,
  protocol        VARCHAR(8)   NOT NULL,
  wan_port_from   INT          NOT NULL,
  wan_port_to     INT          NOT NULL,
  host_id         BIGINT,
  target          VARCHAR(15),
  target_port     INT,
  allowed_sources VARCHAR(1400),
  reflection      BOOLEAN      NOT NULL,
  log             BOOLEAN      NOT NULL,
  comment         VARCHAR(128) NOT NULL,
  enabled         BOOLEAN      NOT NULL,
  CONSTRAINT forwards_position_unique UNIQUE (position),
  CONSTRAINT forwards_one_target CHECK ((host_id IS NULL) <> (target IS NULL)),
  CONSTRAINT forwards_host_fk FOREIGN KEY (host_id) REFERENCES hosts (id)
);
