-- Schedules (issue 13): named weekly windows a rule can be limited to, and the gateway's time zone. A
-- schedule's windows are kept as one text, one window per line in the form the panel shows
-- ('mon-fri 16:00-20:00', 'fri 22:00-02:00+1'). A rule names its schedule by id (NULL: always). The time
-- zone is an IANA id (NULL: the system's zone).
CREATE TABLE schedules (
  id          BIGINT        NOT NULL PRIMARY KEY,
  position    INT           NOT NULL,
  name        VARCHAR(128)  NOT NULL,
  windows     VARCHAR(2000) NOT NULL,
  CONSTRAINT schedules_position_unique UNIQUE (position)
);

ALTER TABLE rules ADD COLUMN schedule BIGINT;
ALTER TABLE settings ADD COLUMN time_zone VARCHAR(64);
