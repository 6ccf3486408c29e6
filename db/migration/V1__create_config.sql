-- The admin's desired state. One row per interface / host / rule; settings is a single row.
-- Values are stored as the model's canonical text and parsed back with the model's parsers on load.
-- position keeps each list in the order the admin gave it: Config compares its lists by order, and
-- for rules the order is the evaluation order.
CREATE TABLE interfaces (
  name        VARCHAR(15)  NOT NULL PRIMARY KEY,
  position    INT          NOT NULL,
  role        VARCHAR(8)   NOT NULL,
  address     VARCHAR(43),
  CONSTRAINT interfaces_position_unique UNIQUE (position)
);

-- name is 64 code points at most; 128 leaves room for letters outside the BMP (two UTF-16 units each).
CREATE TABLE hosts (
  id          BIGINT       NOT NULL PRIMARY KEY,
  position    INT          NOT NULL,
  name        VARCHAR(128) NOT NULL,
  mac         VARCHAR(17),
  ipv4        VARCHAR(15)  NOT NULL,
  CONSTRAINT hosts_name_unique UNIQUE (name),
  CONSTRAINT hosts_position_unique UNIQUE (position)
);

CREATE TABLE rules (
  id          BIGINT       NOT NULL PRIMARY KEY,
  position    INT          NOT NULL,
  source_host BIGINT,
  destination VARCHAR(43),
  protocol    VARCHAR(8)   NOT NULL,
  port_from   INT,
  port_to     INT,
  action      VARCHAR(8)   NOT NULL,
  log         BOOLEAN      NOT NULL,
  comment     VARCHAR(128) NOT NULL,
  enabled     BOOLEAN      NOT NULL,
  CONSTRAINT rules_position_unique UNIQUE (position),
  CONSTRAINT rules_ports_paired CHECK ((port_from IS NULL) = (port_to IS NULL)),
  CONSTRAINT rules_source_fk FOREIGN KEY (source_host) REFERENCES hosts (id)
);

CREATE TABLE settings (
  id              INT          NOT NULL PRIMARY KEY,
  lan_default     VARCHAR(8)   NOT NULL,
  masquerade      BOOLEAN      NOT NULL,
  admin_port      INT          NOT NULL,
  ssh_from_lan    BOOLEAN      NOT NULL,
  CONSTRAINT settings_single_row CHECK (id = 1)
);

-- What the kernel was last given, so the panel can show it and later revisions can diff against it.
-- Nanosecond precision so that the Instant read back equals the one recorded.
CREATE TABLE applied (
  id          INT          NOT NULL PRIMARY KEY,
  applied_at  TIMESTAMP(9) WITH TIME ZONE NOT NULL,
  config_json CLOB         NOT NULL,
  ruleset     CLOB         NOT NULL,
  CONSTRAINT applied_single_row CHECK (id = 1)
);

CREATE TABLE admin (
  id            INT          NOT NULL PRIMARY KEY,
  username      VARCHAR(64)  NOT NULL,
  password_hash VARCHAR(255) NOT NULL,
  CONSTRAINT admin_single_row CHECK (id = 1)
);
