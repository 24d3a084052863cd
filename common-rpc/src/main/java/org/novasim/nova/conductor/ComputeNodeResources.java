package org.novasim.nova.conductor;

/**
 * What a compute node has, as nova-compute's resource tracker reports it: its totals, and how placement may hand
 * them out (Nova's {@code cpu_allocation_ratio}, {@code ram_allocation_ratio}, {@code disk_allocation_ratio},
 * {@code reserved_host_memory_mb}, {@code reserved_host_disk_mb}). What is used is the conductor's count of the
 * allocations. A report from an older compute, without the ratios and reservations, gets Nova's initial values.
 */
public record ComputeNodeResources(String host, String hypervisorHostname, String hypervisorType, int vcpus,
                                   int memoryMb, int localGb, Double cpuAllocationRatio, Double ramAllocationRatio,
                                   Double diskAllocationRatio, Integer reservedHostMemoryMb,
                                   Integer reservedHostDiskMb) {

    /** Nova's {@code initial_cpu_allocation_ratio}. */
    public static final double INITIAL_CPU_ALLOCATION_RATIO = 4.0;
    /** Nova's {@code initial_ram_allocation_ratio}. */
    public static final double INITIAL_RAM_ALLOCATION_RATIO = 1.0;
    /** Nova's {@code initial_disk_allocation_ratio}. */
    public static final double INITIAL_DISK_ALLOCATION_RATIO = 1.0;
    /** Nova's {@code reserved_host_memory_mb} default. */
    public static final int RESERVED_HOST_MEMORY_MB = 512;
    /** Nova's {@code reserved_host_disk_mb} default. */
    public static final int RESERVED_HOST_DISK_MB = 0;

    public ComputeNodeResources {
        cpuAllocationRatio = cpuAllocationRatio == null ? INITIAL_CPU_ALLOCATION_RATIO : cpuAllocationRatio;
        ramAllocationRatio = ramAllocationRatio == null ? INITIAL_RAM_ALLOCATION_RATIO : ramAllocationRatio;
        diskAllocationRatio = diskAllocationRatio == null ? INITIAL_DISK_ALLOCATION_RATIO : diskAllocationRatio;
        reservedHostMemoryMb = reservedHostMemoryMb == null ? RESERVED_HOST_MEMORY_MB : reservedHostMemoryMb;
        reservedHostDiskMb = reservedHostDiskMb == null ? RESERVED_HOST_DISK_MB : reservedHostDiskMb;
    }

    /** A node with Nova's initial ratios and default reservations. */
    public ComputeNodeResources(String host, String hypervisorHostname, String hypervisorType, int vcpus, int memoryMb,
                                int localGb) {
        this(host, hypervisorHostname, hypervisorType, vcpus, memoryMb, localGb, null, null, null, null, null);
    }
}
