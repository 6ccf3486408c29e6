-- API keys for /api/v1 (web.ApiKeys). The key itself is shown once and never stored: only its public id (for
-- an O(1) lookup) and the SHA-256 of the whole key (256 random bits, so a fast hash is enough; see ApiKeys).
CREATE TABLE api_keys (
  id            BIGINT        AUTO_INCREMENT PRIMARY KEY,
  key_id        VARCHAR(16)   NOT NULL,
  secret_hash   VARCHAR(64)   NOT NULL,
  name          VARCHAR(64)   NOT NULL,
  scope         VARCHAR(8)    NOT NULL,
  created_at    TIMESTAMP(9) WITH TIME ZONE NOT NULL,
  last_used_at  TIMESTAMP(9) WITH TIME ZONE,
  revoked_at    TIMESTAMP(9) WITH TIME ZONE,
  CONSTRAINT api_keys_key_id UNIQUE (key_id),
  CONSTRAINT api_keys_scope CHECK (scope IN ('read', 'write'))
);
