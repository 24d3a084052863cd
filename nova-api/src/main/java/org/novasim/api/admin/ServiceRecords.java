package org.novasim.api.admin;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** {@code services} and {@code compute_nodes} with their usage, as the admin APIs show them. */
@Repository
class ServiceRecords {

    record ServiceRow(long id, String uuid, String host, String binary, boolean disabled, String disabledReason,
                      boolean forcedDown, Timestamp createdAt, Timestamp updatedAt) {
        Timestamp lastSeen() {
            return updatedAt != null ? updatedAt : createdAt;
        }
    }

    /** A compute node with its placement usage (the sums of its allocations) and its reservations. */
    record NodeRow(long id, String uuid, String host, String hypervisorHostname, String hypervisorType, int vcpus,
                   int memoryMb, int localGb, int vcpusUsed, int memoryMbUsed, int localGbUsed, int runningVms,
                   int reservedHostMemoryMb, int reservedHostDiskMb) {
    }

    // Read by column name: the bean-property mapper probes each camelCase property under several names, and on H2
    // every miss is an exception written to the database's trace file (seconds for thousands of hosts).
    private static final RowMapper<ServiceRow> SERVICE_ROW = (rs, rowNum) -> new ServiceRow(rs.getLong("id"),
            rs.getString("uuid"), rs.getString("host"), rs.getString("binary"), rs.getBoolean("disabled"),
            rs.getString("disabled_reason"), rs.getBoolean("forced_down"), rs.getTimestamp("created_at"),
            rs.getTimestamp("updated_at"));
    private static final RowMapper<NodeRow> NODE_ROW = (rs, rowNum) -> new NodeRow(rs.getLong("id"),
            rs.getString("uuid"), rs.getString("host"), rs.getString("hypervisor_hostname"),
            rs.getString("hypervisor_type"), rs.getInt("vcpus"), rs.getInt("memory_mb"), rs.getInt("local_gb"),
            rs.getInt("vcpus_used"), rs.getInt("memory_mb_used"), rs.getInt("local_gb_used"), rs.getInt("running_vms"),
            rs.getInt("reserved_host_memory_mb"), rs.getInt("reserved_host_disk_mb"));

    private final JdbcClient jdbc;

    ServiceRecords(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<ServiceRow> services() {
        return jdbc.sql("SELECT id, uuid, host, \"binary\", disabled, disabled_reason, forced_down, created_at, updated_at"
                + " FROM services ORDER BY id").query(SERVICE_ROW).list();
    }

    /** A server as {@code with_servers} lists it on its hypervisor. */
    record HostedServer(String host, String name, String uuid) {
    }

    /** The live servers of these hosts, by host, in one query. */
    Map<String, List<HostedServer>> serversOn(Collection<String> hosts) {
        Map<String, List<HostedServer>> byHost = new HashMap<>();
        if (hosts.isEmpty()) {
            return byHost;
        }
        jdbc.sql("SELECT host, display_name, uuid FROM instances WHERE deleted = FALSE AND host IN ("
                        + String.join(", ", Collections.nCopies(hosts.size(), "?")) + ") ORDER BY created_at, uuid")
                .params(new ArrayList<>(hosts))
                .query((java.sql.ResultSet rs) -> {
                    byHost.computeIfAbsent(rs.getString("host"), h -> new ArrayList<>()).add(
                            new HostedServer(rs.getString("host"), rs.getString("display_name"), rs.getString("uuid")));
                });
        return byHost;
    }

    List<NodeRow> nodes() {
        return jdbc.sql("""
                SELECT id, uuid, host, hypervisor_hostname, hypervisor_type, vcpus, memory_mb, local_gb, vcpus_used,
                       memory_mb_used, local_gb_used, running_vms, reserved_host_memory_mb, reserved_host_disk_mb
                FROM compute_nodes ORDER BY id
                """).query(NODE_ROW).list();
    }
}
