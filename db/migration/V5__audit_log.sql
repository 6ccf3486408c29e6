-- The audit log: security events and configuration changes, newest kept (store.AuditStore prunes to a bound).
-- Texts are cleaned and cut by audit.AuditEvent before they get here; the lengths below are its limits.
CREATE TABLE audit_log (
  id          BIGINT        AUTO_INCREMENT PRIMARY KEY,
  at          TIMESTAMP(9) WITH TIME ZONE NOT NULL,
  username    VARCHAR(64)   NOT NULL,
  source      VARCHAR(64)   NOT NULL,
  kind        VARCHAR(32)   NOT NULL,
  outcome     VARCHAR(16)   NOT NULL,
  detail      VARCHAR(1000) NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at);

-- How many events were pruned to keep the bound, so the page can say that older events existed.
CREATE TABLE audit_log_pruned (
  id          INT           NOT NULL PRIMARY KEY,
  pruned      BIGINT        NOT NULL,
  CONSTRAINT audit_log_pruned_single_row CHECK (id = 1)
);
INSERT INTO audit_log_pruned (id, pruned) VALUES (1, 0);
