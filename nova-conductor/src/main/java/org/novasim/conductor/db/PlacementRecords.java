package org.novasim.conductor.db;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import org.novasim.conductor.scheduler.ResourceRequest;

/**
 * Placement's allocations, in the Nova database: an instance (the consumer) holds its flavor's VCPU, MEMORY_MB and
 * DISK_GB on one compute node (the resource provider), and the node's usage columns hold the sum. Both change in the
 * caller's transaction; the conditional UPDATE is the arbiter between conductors, whichever process they run in.
 */
@Repository
public class PlacementRecords {

    /** One consumer's allocation on a node. */
    public record Allocation(long computeNodeId, int vcpus, int memoryMb, int diskGb) {
    }

    private final JdbcClient jdbc;

    public PlacementRecords(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Allocates the request on the node if placement would: each amount at most the node's total (max_unit) and
     * {@code used + requested <= (total - reserved) * allocation_ratio}.
     *
     * @return false if the node has no room (another claim took it first): nothing changed
     */
    public boolean allocate(long computeNodeId, String consumerUuid, ResourceRequest request, Instant now) {
        int v = request.vcpus();
        int m = request.memoryMb();
        int d = request.diskGb();
        int updated = jdbc.sql("""
                        UPDATE compute_nodes SET vcpus_used = vcpus_used + ?, memory_mb_used = memory_mb_used + ?,
                            local_gb_used = local_gb_used + ?, running_vms = running_vms + 1,
                            generation = generation + 1
                        WHERE id = ?
                          AND (? = 0 OR (? <= vcpus AND vcpus_used + ? <= vcpus * cpu_allocation_ratio))
                          AND (? = 0 OR (? <= memory_mb
                               AND memory_mb_used + ? <= (memory_mb - reserved_host_memory_mb) * ram_allocation_ratio))
                          AND (? = 0 OR (? <= local_gb
                               AND local_gb_used + ? <= (local_gb - (reserved_host_disk_mb + 1023) / 1024) * disk_allocation_ratio))
                        """)
                .params(v, m, d, computeNodeId, v, v, v, m, m, m, d, d, d).update();
        if (updated == 0) {
            return false;
        }
        jdbc.sql("INSERT INTO allocations (consumer_uuid, compute_node_id, vcpus, memory_mb, disk_gb, created_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?)")
                .params(consumerUuid, computeNodeId, v, m, d, Timestamp.from(now)).update();
        return true;
    }

    /**
     * Removes the consumer's allocation and gives its resources back to the node, once: of two conductors
     * releasing the same instance, only the one whose DELETE removed the row changes the usage.
     *
     * @return what was released, empty if the consumer held nothing
     */
    public Optional<Allocation> release(String consumerUuid) {
        Optional<Allocation> held = jdbc.sql("SELECT compute_node_id, vcpus, memory_mb, disk_gb FROM allocations"
                + " WHERE consumer_uuid = ?").param(consumerUuid).query(Allocation.class).optional();
        if (held.isEmpty() || jdbc.sql("DELETE FROM allocations WHERE consumer_uuid = ? AND compute_node_id = ?")
                .params(consumerUuid, held.get().computeNodeId()).update() == 0) {
            return Optional.empty();
        }
        Allocation a = held.get();
        jdbc.sql("UPDATE compute_nodes SET vcpus_used = vcpus_used - ?, memory_mb_used = memory_mb_used - ?,"
                        + " local_gb_used = local_gb_used - ?, running_vms = running_vms - 1, generation = generation + 1"
                        + " WHERE id = ?")
                .params(a.vcpus(), a.memoryMb(), a.diskGb(), a.computeNodeId()).update();
        return held;
    }
}
