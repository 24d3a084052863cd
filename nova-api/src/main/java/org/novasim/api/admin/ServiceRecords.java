package org.novasim.api.admin;

import java.sql.Timestamp;
import java.util.List;

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

    private final JdbcClient jdbc;

    ServiceRecords(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<ServiceRow> services() {
        return jdbc.sql("SELECT id, uuid, host, \"binary\", disabled, disabled_reason, forced_down, created_at, updated_at"
                + " FROM services ORDER BY id").query(ServiceRow.class).list();
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
                """).query(NodeRow.class).list();
    }
}
