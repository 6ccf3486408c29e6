-- Decisions inbox (issue 13): unknown devices may also be 'ask' (blocked, each new device waits in the decisions
-- inbox). A step after V15, whose check allows only 'allow' and 'deny'; the lead renumbers at merge.
ALTER TABLE settings DROP CONSTRAINT settings_unknown_devices;
ALTER TABLE settings ADD CONSTRAINT settings_unknown_devices CHECK (unknown_devices IN ('allow', 'deny', 'ask'));
