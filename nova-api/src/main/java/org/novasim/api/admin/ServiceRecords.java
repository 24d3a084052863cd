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

    /** A compute node with its placement usage (the sums of its allocations) and its reservations. */
    record NodeRow(long id, String uuid, String host, String hypervisorHostname, String hypervisorType, int vcpus,
                   int memoryMb, int localGb, int vcpusUsed, int memoryMbUsed, int localGbUsed, int runningVms,
                   int reservedHostMemoryMb, int reservedHostDiskMb) {
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
                SELECT id, uuid, host, hypervisor_hostname, hypervisor_type, vcpus, memory_mb, local_gb, vcpus_used,
                       memory_mb_used, local_gb_used, running_vms, reserved_host_memory_mb, reserved_host_disk_mb
                FROM compute_nodes ORDER BY id
                """).query(NodeRow.class).list();
    }
}
