-- Temporary and count-limited rules (issue 13): a rule may end by itself at an instant (epoch seconds, UTC)
-- and may allow only its next N new connections. Both NULL for an ordinary rule.
ALTER TABLE rules ADD COLUMN expires_at BIGINT;
ALTER TABLE rules ADD COLUMN connection_limit INT;

-- The ends already recorded in the history: when a rule in force expires, the appliance records a revision
-- once (the kernel had already stopped matching it); this keeps it from recording the same end twice.
CREATE TABLE rule_expiries (
  rule_id     BIGINT NOT NULL,
  expires_at  BIGINT NOT NULL,
  revision_id BIGINT NOT NULL,
  CONSTRAINT rule_expiries_pk PRIMARY KEY (rule_id, expires_at)
);
