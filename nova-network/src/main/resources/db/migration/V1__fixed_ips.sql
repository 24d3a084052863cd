-- nova-network's own store of address allocations (legacy Nova kept fixed_ips and virtual_interfaces alike).
CREATE TABLE fixed_ips (
    address       VARCHAR(45)  NOT NULL PRIMARY KEY,
    network_label VARCHAR(255) NOT NULL,
    instance_id   VARCHAR(36),
    vif_id        VARCHAR(36),
    mac_address   VARCHAR(17),
    project_id    VARCHAR(255),
    host          VARCHAR(255),
    position      INTEGER      NOT NULL,
    allocated_at  TIMESTAMP
);

CREATE INDEX fixed_ips_instance_idx ON fixed_ips (instance_id);
CREATE INDEX fixed_ips_free_idx ON fixed_ips (network_label, instance_id, position);
