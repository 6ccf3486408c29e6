-- IPv6 dual-stack (issue 11). An interface's IPv6 address and prefix ('2001:db8:1::1/64'; NULL: none, and
-- on a LAN interface no IPv6 is forwarded) and a host's fixed IPv6 addresses (canonical text separated by
-- single spaces; NULL: none). Rule destinations may now be IPv6 networks; the longest, an address with
-- '/128', is 43 characters, which the column already holds.
ALTER TABLE interfaces ADD COLUMN address6 VARCHAR(50);
ALTER TABLE hosts ADD COLUMN ipv6 VARCHAR(400);
