-- What later compute API microversions let a user give a server, in Nova's own places:
-- 2.19 description and 2.90 hostname on the instance row (Nova's display_description and hostname columns);
-- a server's hostname is set at create (the sanitized display name unless 2.90 gave one), older rows have none.
ALTER TABLE instances ADD COLUMN display_description VARCHAR(255);
ALTER TABLE instances ADD COLUMN hostname VARCHAR(255);

-- 2.26/2.52 tags: Nova's tags table, one row per tag of a resource (an instance's uuid).
CREATE TABLE tags (
    resource_id VARCHAR(36) NOT NULL,
    tag         VARCHAR(80) NOT NULL,
    PRIMARY KEY (resource_id, tag)
);
CREATE INDEX tags_tag_idx ON tags (tag);

-- 2.63 trusted image certificates: Nova keeps them in instance_extra.trusted_certs, the TrustedCerts object as JSON.
CREATE TABLE instance_extra (
    instance_uuid VARCHAR(36) NOT NULL PRIMARY KEY REFERENCES instances (uuid),
    trusted_certs TEXT
);
