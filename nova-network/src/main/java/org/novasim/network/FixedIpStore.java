package org.novasim.network;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
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
                .param(instanceId).query((rs, n) -> new FixedIp(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6))).list();
    }

    /** An address of a network's pool and its place in it. */
    record Slot(String networkLabel, int position, String address) {
    }

    /** The free addresses of every network, to fill the in-memory pool at start. */
    List<Slot> free() {
        return jdbc.sql("SELECT network_label, position, address FROM fixed_ips WHERE instance_id IS NULL")
                .query((rs, n) -> new Slot(rs.getString(1), rs.getInt(2), rs.getString(3))).list();
    }

    /** Gives the free address to the instance; false if its row was taken meanwhile. */
    boolean take(Slot slot, String instanceId, String vifId, String mac, String projectId, String host) {
        return jdbc.sql("UPDATE fixed_ips SET instance_id = ?, vif_id = ?, mac_address = ?, project_id = ?,"
                        + " host = ?, allocated_at = ? WHERE address = ? AND instance_id IS NULL")
                .params(instanceId, vifId, mac, projectId, host, Timestamp.from(Instant.now()), slot.address())
                .update() == 1;
    }

    /** The addresses the instance holds, with their places in their pools. */
    List<Slot> slotsOf(String instanceId) {
        return jdbc.sql("SELECT network_label, position, address FROM fixed_ips WHERE instance_id = ?")
                .param(instanceId).query((rs, n) -> new Slot(rs.getString(1), rs.getInt(2), rs.getString(3))).list();
    }

    int release(String instanceId) {
        return jdbc.sql("UPDATE fixed_ips SET instance_id = NULL, vif_id = NULL, mac_address = NULL,"
                        + " project_id = NULL, host = NULL, allocated_at = NULL WHERE instance_id = ?")
                .param(instanceId).update();
    }
}
