package org.novasim.conductor.scheduler;

import java.time.Instant;

import org.novasim.nova.ServiceGroup;

/**
 * What the scheduler knows of a compute host, as Nova's {@code HostState}: its service's liveness and its compute
 * node as a resource provider (totals, reservations, allocation ratios, what its allocations use).
 *
 * @param nodeId   the compute node's id, the allocations' key
 * @param nodeUuid the compute node's uuid, placement's resource provider uuid
 * @param lastSeen the last heartbeat of the host's nova-compute service (null: never reported)
 */
public record HostState(long nodeId, String nodeUuid, String host, String nodename, Instant lastSeen,
                        boolean forcedDown, boolean disabled, int vcpus, int memoryMb, int localGb,
                        double cpuAllocationRatio, double ramAllocationRatio, double diskAllocationRatio,
                        int reservedHostMemoryMb, int reservedHostDiskMb, int vcpusUsed, int memoryMbUsed,
                        int localGbUsed) {

    /** Nova's ComputeFilter: the service is enabled and up (reported within service_down_time, not forced down). */
    public boolean serviceUp(ServiceGroup serviceGroup, Instant now) {
        return !disabled && serviceGroup.isUp(lastSeen, forcedDown, now);
    }

    /** Placement's DISK_GB reservation: {@code reserved_host_disk_mb} rounded up to whole GB, as Nova converts it. */
    public int reservedDiskGb() {
        return (reservedHostDiskMb + 1023) / 1024;
    }

    /**
     * Whether placement would allocate the request here: for each resource class the request is at most the
     * inventory's max_unit (the total) and {@code used + requested <= (total - reserved) * allocation_ratio}.
     */
    public boolean hasCapacityFor(ResourceRequest request) {
        return fits(request.vcpus(), vcpus, 0, cpuAllocationRatio, vcpusUsed)
                && fits(request.memoryMb(), memoryMb, reservedHostMemoryMb, ramAllocationRatio, memoryMbUsed)
                && fits(request.diskGb(), localGb, reservedDiskGb(), diskAllocationRatio, localGbUsed);
    }

    private static boolean fits(int requested, int total, int reserved, double ratio, int used) {
        return requested <= 0 || (requested <= total && used + requested <= (total - reserved) * ratio);
    }

    /** Nova's {@code free_ram_mb} (the resource tracker counts the reservation as used), what RAMWeigher weighs. */
    public int freeRamMb() {
        return memoryMb - reservedHostMemoryMb - memoryMbUsed;
    }

    /** This host with a claim's resources added (after the database took the claim). */
    HostState consume(ResourceRequest request) {
        return withUsage(vcpusUsed + request.vcpus(), memoryMbUsed + request.memoryMb(), localGbUsed + request.diskGb());
    }

    HostState withUsage(int newVcpusUsed, int newMemoryMbUsed, int newLocalGbUsed) {
        return new HostState(nodeId, nodeUuid, host, nodename, lastSeen, forcedDown, disabled, vcpus, memoryMb, localGb,
                cpuAllocationRatio, ramAllocationRatio, diskAllocationRatio, reservedHostMemoryMb, reservedHostDiskMb,
                newVcpusUsed, newMemoryMbUsed, newLocalGbUsed);
    }

    HostState seenAt(Instant heartbeat) {
        return new HostState(nodeId, nodeUuid, host, nodename, heartbeat, forcedDown, disabled, vcpus, memoryMb, localGb,
                cpuAllocationRatio, ramAllocationRatio, diskAllocationRatio, reservedHostMemoryMb, reservedHostDiskMb,
                vcpusUsed, memoryMbUsed, localGbUsed);
    }
}
