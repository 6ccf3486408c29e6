-- Rules by domain name (issue 14): a rule's destination may be a domain ("example.org", or "*.example.org"
-- for the name and its subdomains), kept as its text form. The gateway's DNS forwarder asks the upstream
-- resolver for the LAN and learns the addresses it answers; the floor and cap bound how long (in seconds) a
-- learned address stays in a rule's set. A null upstream means no forwarder.
ALTER TABLE rules ADD COLUMN destination_domain VARCHAR(260);

ALTER TABLE settings ADD COLUMN dns_upstream VARCHAR(15);
ALTER TABLE settings ADD COLUMN dns_ttl_floor INT DEFAULT 30 NOT NULL;
ALTER TABLE settings ADD COLUMN dns_ttl_cap INT DEFAULT 3600 NOT NULL;
ALTER TABLE settings ADD COLUMN dns_redirect BOOLEAN DEFAULT FALSE NOT NULL;
