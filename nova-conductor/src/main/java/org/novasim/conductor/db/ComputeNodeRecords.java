package org.novasim.conductor.db;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import org.novasim.conductor.scheduler.HostState;
import org.novasim.nova.ServiceGroup;
import org.novasim.nova.conductor.ComputeNodeResources;

/**
 * The {@code compute_nodes} table, and the scheduler's view of it: each node's capacity with what the instances on
 * its host use (counted from the instances, so a claim is released by clearing an instance's host).
 */
@Repository
public class ComputeNodeRecords {

    private final JdbcClient jdbc;

    public ComputeNodeRecords(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void report(ComputeNodeResources node, Instant now) {
        Timestamp at = Timestamp.from(now);
        int updated = jdbc.sql("UPDATE compute_nodes SET vcpus = ?, memory_mb = ?, local_gb = ?, hypervisor_type = ?,"
                        + " updated_at = ? WHERE host = ? AND hypervisor_hostname = ?")
                .params(node.vcpus(), node.memoryMb(), node.localGb(), node.hypervisorType(), at, node.host(),
                        node.hypervisorHostname()).update();
        if (updated == 1) {
            return;
        }
        try {
            jdbc.sql("INSERT INTO compute_nodes (uuid, host, hypervisor_hostname, hypervisor_type, vcpus, memory_mb,"
                            + " local_gb, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                    .params(UUID.randomUUID().toString(), node.host(), node.hypervisorHostname(), node.hypervisorType(),
                            node.vcpus(), node.memoryMb(), node.localGb(), at, at).update();
        } catch (DuplicateKeyException raced) {
            report(node, now);
        }
    }

    private record NodeRow(String host, String hypervisorHostname, int vcpus, int memoryMb, int localGb,
                           Timestamp lastSeen, Boolean forcedDown, Integer vcpusUsed, Integer memoryMbUsed,
                           Integer localGbUsed) {
    }

    /** Every compute node with its service's liveness and the resources its host's instances hold. */
    public List<HostState> hostStates(Instant now, ServiceGroup serviceGroup) {
        return jdbc.sql("""
                        SELECT n.host, n.hypervisor_hostname, n.vcpus, n.memory_mb, n.local_gb,
                               COALESCE(s.updated_at, s.created_at) AS last_seen, s.forced_down,
                               (SELECT SUM(f.vcpus) FROM instances i JOIN flavors f ON f.flavorid = i.flavorid
                                 WHERE i.host = n.host AND i.deleted = FALSE AND i.vm_state <> 'error') AS vcpus_used,
                               (SELECT SUM(f.memory_mb) FROM instances i JOIN flavors f ON f.flavorid = i.flavorid
                                 WHERE i.host = n.host AND i.deleted = FALSE AND i.vm_state <> 'error') AS memory_mb_used,
                               (SELECT SUM(f.root_gb + f.ephemeral_gb) FROM instances i JOIN flavors f ON f.flavorid = i.flavorid
                                 WHERE i.host = n.host AND i.deleted = FALSE AND i.vm_state <> 'error') AS local_gb_used
                        FROM compute_nodes n LEFT JOIN services s ON s.host = n.host AND s."binary" = 'nova-compute'
                        ORDER BY n.host
                        """)
                .query(NodeRow.class).list().stream()
                .map(r -> new HostState(r.host(), r.hypervisorHostname(),
                        serviceGroup.isUp(r.lastSeen() == null ? null : r.lastSeen().toInstant(),
                                Boolean.TRUE.equals(r.forcedDown()), now),
                        r.vcpus(), zero(r.vcpusUsed()), r.memoryMb(), zero(r.memoryMbUsed()), r.localGb(),
                        zero(r.localGbUsed())))
                .toList();
    }

    private static int zero(Integer value) {
        return value == null ? 0 : value;
    }
}
