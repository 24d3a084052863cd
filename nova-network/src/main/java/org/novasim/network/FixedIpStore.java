package org.novasim.network;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code fixed_ips} table: each network's pool, seeded from its CIDR, and who holds which address. */
@Repository
class FixedIpStore {

    private final JdbcClient jdbc;

    FixedIpStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Adds the pool's addresses that are not in the table yet; allocations already made are kept. */
    int seed(String networkLabel, List<String> addresses) {
        Set<String> known = new HashSet<>(jdbc.sql("SELECT address FROM fixed_ips WHERE network_label = ?")
                .param(networkLabel).query(String.class).list());
        int added = 0;
        for (int i = 0; i < addresses.size(); i++) {
            if (!known.contains(addresses.get(i))) {
                jdbc.sql("INSERT INTO fixed_ips (address, network_label, position) VALUES (?, ?, ?)")
                        .params(addresses.get(i), networkLabel, i).update();
                added++;
            }
        }
        return added;
    }

    List<FixedIp> heldBy(String instanceId) {
        return jdbc.sql("SELECT address, network_label, instance_id, vif_id, mac_address, project_id FROM fixed_ips"
                        + " WHERE instance_id = ? ORDER BY network_label")
                .param(instanceId).query(FixedIp.class).list();
    }

    /** Takes the lowest free address of the network for the instance; empty when the pool is exhausted. */
    Optional<String> claim(String networkLabel, String instanceId, String vifId, String mac, String projectId,
                           String host) {
        while (true) {
            Optional<String> free = jdbc.sql("SELECT address FROM fixed_ips WHERE network_label = ?"
                            + " AND instance_id IS NULL ORDER BY position FETCH FIRST 1 ROWS ONLY")
                    .param(networkLabel).query(String.class).optional();
            if (free.isEmpty()) {
                return free;
            }
            int taken = jdbc.sql("UPDATE fixed_ips SET instance_id = ?, vif_id = ?, mac_address = ?, project_id = ?,"
                            + " host = ?, allocated_at = ? WHERE address = ? AND instance_id IS NULL")
                    .params(instanceId, vifId, mac, projectId, host, Timestamp.from(Instant.now()), free.get())
                    .update();
            if (taken == 1) {
                return free;
            }
        }
    }

    int release(String instanceId) {
        return jdbc.sql("UPDATE fixed_ips SET instance_id = NULL, vif_id = NULL, mac_address = NULL,"
                        + " project_id = NULL, host = NULL, allocated_at = NULL WHERE instance_id = ?")
                .param(instanceId).update();
    }

    long freeCount(String networkLabel) {
        return jdbc.sql("SELECT COUNT(*) FROM fixed_ips WHERE network_label = ? AND instance_id IS NULL")
                .param(networkLabel).query(Long.class).single();
    }
}
