-- Issue 3: the anti-lockout switch, the apply that waits for the browser's confirmation, and notices.
ALTER TABLE settings ADD COLUMN anti_lockout BOOLEAN DEFAULT TRUE NOT NULL;

-- At most one apply waits for confirmation. Everything needed to undo it is kept here, so that a crash
-- while it waits is rolled back at the next start.
CREATE TABLE pending_apply (
  id               INT          NOT NULL PRIMARY KEY,
  started_at       TIMESTAMP(9) WITH TIME ZONE NOT NULL,
  deadline         TIMESTAMP(9) WITH TIME ZONE NOT NULL,
  token_hash       VARCHAR(64)  NOT NULL,
  admin            VARCHAR(64)  NOT NULL,
  note             VARCHAR(200),
  new_config_json  CLOB         NOT NULL,
  new_ruleset      CLOB         NOT NULL,
  prev_applied_at  TIMESTAMP(9) WITH TIME ZONE,
  prev_config_json CLOB,
  prev_ruleset     CLOB,
  CONSTRAINT pending_apply_single_row CHECK (id = 1)
);

-- Messages for the admin's next page load (e.g. "your apply was rolled back because …").
CREATE TABLE notices (
  id          BIGINT       AUTO_INCREMENT PRIMARY KEY,
  created_at  TIMESTAMP(9) WITH TIME ZONE NOT NULL,
  message     VARCHAR(2000) NOT NULL,
  details     CLOB,
  dismissed   BOOLEAN      DEFAULT FALSE NOT NULL
);
