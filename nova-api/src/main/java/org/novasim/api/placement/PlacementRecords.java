package org.novasim.api.placement;

import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The compute nodes as placement's resource providers, and their allocations, read from the Nova database. */
@Repository
class PlacementRecords {

    /** A compute node as a resource provider: its inventory (totals, reservations, ratios) and its usage. */
    record ProviderRow(long id, String uuid, String hypervisorHostname, long generation, int vcpus, int memoryMb,
                       int localGb, double cpuAllocationRatio, double ramAllocationRatio, double diskAllocationRatio,
                       int reservedHostMemoryMb, int reservedHostDiskMb, int vcpusUsed, int memoryMbUsed,
                       int localGbUsed) {
    }

    /** One consumer's allocation on a provider. */
    record AllocationRow(String consumerUuid, String providerUuid, long generation, int vcpus, int memoryMb,
                         int diskGb, String projectId, String userId) {
    }

    private static final String PROVIDERS = "SELECT id, uuid, hypervisor_hostname, generation, vcpus, memory_mb,"
            + " local_gb, cpu_allocation_ratio, ram_allocation_ratio, disk_allocation_ratio, reserved_host_memory_mb,"
            + " reserved_host_disk_mb, vcpus_used, memory_mb_used, local_gb_used FROM compute_nodes";

    private static final String ALLOCATIONS = "SELECT a.consumer_uuid, n.uuid AS provider_uuid, n.generation, a.vcpus,"
            + " a.memory_mb, a.disk_gb, i.project_id, i.user_id FROM allocations a"
            + " JOIN compute_nodes n ON n.id = a.compute_node_id LEFT JOIN instances i ON i.uuid = a.consumer_uuid";

    private final JdbcClient jdbc;

    PlacementRecords(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<ProviderRow> providers() {
        return jdbc.sql(PROVIDERS + " ORDER BY id").query(ProviderRow.class).list();
    }

    Optional<ProviderRow> provider(String uuid) {
        return jdbc.sql(PROVIDERS + " WHERE uuid = ?").param(uuid).query(ProviderRow.class).optional();
    }

    List<AllocationRow> allocationsOfConsumer(String consumerUuid) {
        return jdbc.sql(ALLOCATIONS + " WHERE a.consumer_uuid = ?").param(consumerUuid).query(AllocationRow.class).list();
    }

    List<AllocationRow> allocationsOnProvider(long providerId) {
        return jdbc.sql(ALLOCATIONS + " WHERE a.compute_node_id = ? ORDER BY a.id").param(providerId)
                .query(AllocationRow.class).list();
    }
}
