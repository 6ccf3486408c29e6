-- Decisions inbox (issue 13). A host in ask mode has its new connections that no rule allows blocked and
-- logged; they become pending decisions (runtime data, bounded by the two settings below, the oldest dropped
-- and counted). The admin's answers are part of the configuration (table decisions), like rules.
ALTER TABLE hosts ADD COLUMN ask BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE settings ADD COLUMN ask_max_per_host INT DEFAULT 50 NOT NULL;
ALTER TABLE settings ADD COLUMN ask_max_total INT DEFAULT 500 NOT NULL;

-- The admin's answers: allow or deny one host's connections to one destination, protocol and port, for good
-- or until expires_at ("allow once"). Part of the draft configuration.
CREATE TABLE decisions (
  id          BIGINT       NOT NULL PRIMARY KEY,
  position    INT          NOT NULL,
  host_id     BIGINT       NOT NULL,
  destination VARCHAR(45)  NOT NULL,
  protocol    VARCHAR(8)   NOT NULL,
  port        INT          NOT NULL,
  verdict     VARCHAR(8)   NOT NULL,
  expires_at  TIMESTAMP(9) WITH TIME ZONE,
  CONSTRAINT decisions_position_unique UNIQUE (position),
  CONSTRAINT decisions_host_fk FOREIGN KEY (host_id) REFERENCES hosts (id)
);

-- Blocked connections of hosts in ask mode, waiting for an answer: one row per host, destination, protocol
-- and port. No foreign key: the host may be gone from the draft while its questions are still shown.
-- domain is a name the gateway knew for the destination (from its DNS view), or NULL. An unknown device (the
-- unknown-devices policy "ask") is host_id 0 with its own address as destination, port 0 and its MAC in mac.
CREATE TABLE pending_decisions (
  id          BIGINT       AUTO_INCREMENT PRIMARY KEY,
  host_id     BIGINT       NOT NULL,
  destination VARCHAR(45)  NOT NULL,
  protocol    VARCHAR(8)   NOT NULL,
  port        INT          NOT NULL,
  domain      VARCHAR(253),
  first_seen  TIMESTAMP(9) WITH TIME ZONE NOT NULL,
  last_seen   TIMESTAMP(9) WITH TIME ZONE NOT NULL,
  hits        BIGINT       NOT NULL,
  mac         VARCHAR(17),
  CONSTRAINT pending_decisions_key UNIQUE (host_id, destination, protocol, port)
);
CREATE INDEX pending_decisions_last_seen ON pending_decisions (last_seen);

-- How many pending decisions were dropped to keep the bounds (one row).
CREATE TABLE pending_decisions_dropped (
  id          INT          NOT NULL PRIMARY KEY,
  dropped     BIGINT       NOT NULL,
  CONSTRAINT pending_decisions_dropped_single_row CHECK (id = 1)
);
INSERT INTO pending_decisions_dropped (id, dropped) VALUES (1, 0);
