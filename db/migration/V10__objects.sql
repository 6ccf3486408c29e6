-- Objects (issue 12): host groups, address lists and the admin's own services, and the rules that name them.
-- A group's members are host ids and a list's entries canonical networks, each kept as one text (ids or
-- entries separated by single spaces / new lines): a block list of 100,000 entries is then one value to
-- write instead of 100,000 rows on every save. References are by id, so renaming keeps them.
CREATE TABLE host_groups (
  id          BIGINT       NOT NULL PRIMARY KEY,
  position    INT          NOT NULL,
  name        VARCHAR(128) NOT NULL,
  members     CLOB         NOT NULL,
  CONSTRAINT host_groups_position_unique UNIQUE (position)
);

CREATE TABLE address_lists (
  id          BIGINT       NOT NULL PRIMARY KEY,
  position    INT          NOT NULL,
  name        VARCHAR(128) NOT NULL,
  entries     CLOB         NOT NULL,
  CONSTRAINT address_lists_position_unique UNIQUE (position)
);

CREATE TABLE services (
  id          BIGINT       NOT NULL PRIMARY KEY,
  position    INT          NOT NULL,
  name        VARCHAR(128) NOT NULL,
  entries     VARCHAR(2000) NOT NULL,
  CONSTRAINT services_position_unique UNIQUE (position)
);

-- A port forward may admit its WAN sources from an address list (instead of its own networks).
ALTER TABLE forwards ADD COLUMN allowed_list BIGINT;

ALTER TABLE rules ADD COLUMN source_group BIGINT;
ALTER TABLE rules ADD COLUMN destination_list BIGINT;
ALTER TABLE rules ADD COLUMN service BIGINT;
