-- Unknown devices (issue 13): what happens to a LAN device the inventory knows neither by MAC nor by address.
-- 'allow' (treated like the other LAN devices, as before this migration) or 'deny' (a MAC allow-list).
ALTER TABLE settings ADD COLUMN unknown_devices VARCHAR(8) DEFAULT 'allow' NOT NULL;
ALTER TABLE settings ADD CONSTRAINT settings_unknown_devices CHECK (unknown_devices IN ('allow', 'deny'));
