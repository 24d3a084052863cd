package org.novasim.api.admin;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;

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

    record NodeRow(long id, String uuid, String host, String hypervisorHostname, String hypervisorType, int vcpus,
                   int memoryMb, int localGb, Integer vcpusUsed, Integer memoryMbUsed, Integer localGbUsed,
                   Integer runningVms) {
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
            intOrNull(rs, "vcpus_used"), intOrNull(rs, "memory_mb_used"), intOrNull(rs, "local_gb_used"),
            intOrNull(rs, "running_vms"));

    private final JdbcClient jdbc;

    ServiceRecords(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A sum or count, null for a node without instances (BIGINT on both databases). */
    private static Integer intOrNull(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }

    List<ServiceRow> services() {
        return jdbc.sql("SELECT id, uuid, host, \"binary\", disabled, disabled_reason, forced_down, created_at, updated_at"
                + " FROM services ORDER BY id").query(SERVICE_ROW).list();
    }

    List<NodeRow> nodes() {
        return jdbc.sql("""
                SELECT n.id, n.uuid, n.host, n.hypervisor_hostname, n.hypervisor_type, n.vcpus, n.memory_mb, n.local_gb,
                       u.vcpus_used, u.memory_mb_used, u.local_gb_used, u.running_vms
                FROM compute_nodes n LEFT JOIN (
                    SELECT i.host, SUM(f.vcpus) AS vcpus_used, SUM(f.memory_mb) AS memory_mb_used,
                           SUM(f.root_gb + f.ephemeral_gb) AS local_gb_used, COUNT(*) AS running_vms
                    FROM instances i JOIN flavors f ON f.flavorid = i.flavorid
                    WHERE i.deleted = FALSE AND i.vm_state <> 'error' AND i.host IS NOT NULL
                    GROUP BY i.host) u ON u.host = n.host
                ORDER BY n.id
                """).query(NODE_ROW).list();
    }
}
