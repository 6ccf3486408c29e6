-- Revisions: every confirmed apply is kept as a revision, so the admin can compare any two and roll back.
-- The configuration is the ConfigCodec JSON (a faithful snapshot even after the config tables change) and
-- the ruleset is the exact text that was loaded, so a diff shows what the kernel was given.
CREATE TABLE revisions (
  id          BIGINT       AUTO_INCREMENT PRIMARY KEY,
  applied_at  TIMESTAMP(9) WITH TIME ZONE NOT NULL,
  admin       VARCHAR(64)  NOT NULL,
  note        VARCHAR(200),
  config_json CLOB         NOT NULL,
  ruleset     CLOB         NOT NULL
);
