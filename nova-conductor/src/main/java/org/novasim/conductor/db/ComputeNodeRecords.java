package org.novasim.conductor.db;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import org.novasim.conductor.scheduler.HostState;
import org.novasim.nova.conductor.ComputeNodeResources;

/**
 * The {@code compute_nodes} table: what each node reports (totals, allocation ratios, reservations) and the usage
 * its allocations hold ({@link PlacementRecords}). The scheduler's view of it reads no instance: one row per node
 * joined to its service's heartbeat.
 */
@Repository
public class ComputeNodeRecords {

    private static final String HOST_STATES = """
            SELECT n.id AS node_id, n.uuid AS node_uuid, n.host, n.hypervisor_hostname AS nodename,
                   COALESCE(s.updated_at, s.created_at) AS last_seen, s.forced_down, s.disabled,
                   n.vcpus, n.memory_mb, n.local_gb, n.cpu_allocation_ratio, n.ram_allocation_ratio,
                   n.disk_allocation_ratio, n.reserved_host_memory_mb, n.reserved_host_disk_mb,
                   n.vcpus_used, n.memory_mb_used, n.local_gb_used
            FROM compute_nodes n LEFT JOIN services s ON s.host = n.host AND s."binary" = 'nova-compute'
            """;

    private final JdbcClient jdbc;

    public ComputeNodeRecords(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Records a node's report, creating the node on its first one. */
    public void report(ComputeNodeResources node, Instant now) {
        if (updateIfChanged(node, now) == 1 || exists(node)) {
            return;
        }
        Timestamp at = Timestamp.from(now);
        try {
            jdbc.sql("INSERT INTO compute_nodes (uuid, host, hypervisor_hostname, hypervisor_type, vcpus, memory_mb,"
                            + " local_gb, cpu_allocation_ratio, ram_allocation_ratio, disk_allocation_ratio,"
                            + " reserved_host_memory_mb, reserved_host_disk_mb, created_at, updated_at)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                    .params(UUID.randomUUID().toString(), node.host(), node.hypervisorHostname(), node.hypervisorType(),
                            node.vcpus(), node.memoryMb(), node.localGb(), node.cpuAllocationRatio(),
                            node.ramAllocationRatio(), node.diskAllocationRatio(), node.reservedHostMemoryMb(),
                            node.reservedHostDiskMb(), at, at).update();
        } catch (DuplicateKeyException raced) {
            updateIfChanged(node, now);
        }
    }

    /**
     * The report of a known node: one indexed UPDATE that writes only when something changed, as Nova's resource
     * tracker saves the node only on a change (a new inventory bumps the provider's generation, as placement's does).
     *
     * @return 1 if the node changed, 0 if it did not or does not exist
     */
    public int updateIfChanged(ComputeNodeResources node, Instant now) {
        return jdbc.sql("""
                        UPDATE compute_nodes SET vcpus = ?, memory_mb = ?, local_gb = ?, hypervisor_type = ?,
                            cpu_allocation_ratio = ?, ram_allocation_ratio = ?, disk_allocation_ratio = ?,
                            reserved_host_memory_mb = ?, reserved_host_disk_mb = ?, generation = generation + 1,
                            updated_at = ?
                        WHERE host = ? AND hypervisor_hostname = ? AND (vcpus <> ? OR memory_mb <> ? OR local_gb <> ?
                            OR hypervisor_type <> ? OR cpu_allocation_ratio <> ? OR ram_allocation_ratio <> ?
                            OR disk_allocation_ratio <> ? OR reserved_host_memory_mb <> ? OR reserved_host_disk_mb <> ?)
                        """)
                .params(node.vcpus(), node.memoryMb(), node.localGb(), node.hypervisorType(), node.cpuAllocationRatio(),
                        node.ramAllocationRatio(), node.diskAllocationRatio(), node.reservedHostMemoryMb(),
                        node.reservedHostDiskMb(), Timestamp.from(now), node.host(), node.hypervisorHostname(),
                        node.vcpus(), node.memoryMb(), node.localGb(), node.hypervisorType(), node.cpuAllocationRatio(),
                        node.ramAllocationRatio(), node.diskAllocationRatio(), node.reservedHostMemoryMb(),
                        node.reservedHostDiskMb())
                .update();
    }

    /** Every column of a node's row, for its primitive (keys in lower case, whatever the database). */
    public Optional<Map<String, Object>> columns(String host, String nodename) {
        return jdbc.sql("SELECT * FROM compute_nodes WHERE host = ? AND hypervisor_hostname = ?")
                .params(host, nodename).query().listOfRows().stream().findFirst();
    }

    /** Every column of the host's nodes' rows. */
    public List<Map<String, Object>> columns(String host) {
        return jdbc.sql("SELECT * FROM compute_nodes WHERE host = ? ORDER BY id").param(host).query().listOfRows();
    }

    private boolean exists(ComputeNodeResources node) {
        return jdbc.sql("SELECT COUNT(*) FROM compute_nodes WHERE host = ? AND hypervisor_hostname = ?")
                .params(node.host(), node.hypervisorHostname()).query(Integer.class).single() > 0;
    }

    /**
     * Reads a row of {@link #HOST_STATES} by position, in its SELECT's order: the scheduler reads every node each
     * refresh interval, and matching a thousand rows' columns by name cost more CPU than the query itself.
     */
    private static final RowMapper<HostState> HOST_STATE = (rs, row) -> {
        Timestamp lastSeen = rs.getTimestamp(5);
        return new HostState(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                lastSeen == null ? null : lastSeen.toInstant(), rs.getBoolean(6), rs.getBoolean(7), rs.getInt(8),
                rs.getInt(9), rs.getInt(10), rs.getDouble(11), rs.getDouble(12), rs.getDouble(13), rs.getInt(14),
                rs.getInt(15), rs.getInt(16), rs.getInt(17), rs.getInt(18));
    };

    /** Every compute node with its service's heartbeat and its usage: one query, no instance read. */
    public List<HostState> hostStates() {
        return jdbc.sql(HOST_STATES + " ORDER BY n.host").query(HOST_STATE).list();
    }

    /** One host's node, as {@link #hostStates()} gives it. */
    public Optional<HostState> hostState(String host) {
        return jdbc.sql(HOST_STATES + " WHERE n.host = ? ORDER BY n.id").param(host).query(HOST_STATE).list()
                .stream().findFirst();
    }
}
