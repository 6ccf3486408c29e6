-- Languages (issue 10). The admin's chosen language (a tag such as 'en' or 'ja'; NULL: follow the browser's
-- Accept-Language) and time zone for dates on the pages (an IANA id such as 'Asia/Tokyo'; NULL: the
-- appliance's own zone).
ALTER TABLE admin ADD COLUMN language VARCHAR(8);
ALTER TABLE admin ADD COLUMN time_zone VARCHAR(64);

-- Notices are stored as a bundle key and its arguments, so that each reader sees them in their language.
-- Notices stored before this migration have no key; their English message is shown as it is.
ALTER TABLE notices ADD COLUMN message_key VARCHAR(100);
ALTER TABLE notices ADD COLUMN message_args CLOB;
