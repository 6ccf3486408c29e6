-- Temporary and count-limited rules (issue 13): a rule may end by itself at an instant (epoch seconds, UTC)
-- and may allow only its next N new connections. Both NULL for an ordinary rule.
ALTER TABLE rules ADD COLUMN expires_at BIGINT;
ALTER TABLE rules ADD COLUMN connection_limit INT;
