package org.novasim.compute;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import org.novasim.nova.conductor.ComputeNodeResources;

/**
 * {@code nova.compute.*}: the simulated hosts this process runs and what each has.
 *
 * @param hosts          the hosts' names; when empty, {@code host-count} hosts are named after {@code nova.rpc.host}
 * @param hostCount      how many hosts when no names are given
 * @param vcpus          vCPUs of each host
 * @param memoryMb       RAM of each host
 * @param localGb        disk of each host
 * @param hypervisorType what {@code os-hypervisors} shows
 * @param reportInterval how often each host reports its heartbeat and resources (Nova's {@code report_interval})
 * @param networkTimeout how long a build waits for nova-network's addresses
 * @param driver         the simulated hypervisor
 * @param cpuAllocationRatio   virtual CPUs placement hands out per physical one (Nova's
 *                             {@code initial_cpu_allocation_ratio}, as every simulated node is new when it starts)
 * @param ramAllocationRatio   RAM handed out per MB of the host (Nova's {@code initial_ram_allocation_ratio})
 * @param diskAllocationRatio  disk handed out per GB of the host (Nova's {@code initial_disk_allocation_ratio})
 * @param reservedHostMemoryMb RAM kept for the host itself, never allocated (Nova's {@code reserved_host_memory_mb})
 * @param reservedHostDiskMb   disk kept for the host itself (Nova's {@code reserved_host_disk_mb})
 */
@ConfigurationProperties("nova.compute")
public record ComputeProperties(List<String> hosts, @DefaultValue("1") int hostCount, @DefaultValue("8") int vcpus,
                                @DefaultValue("16384") int memoryMb, @DefaultValue("200") int localGb,
                                @DefaultValue("fake") String hypervisorType,
                                @DefaultValue("10s") Duration reportInterval,
                                @DefaultValue("30s") Duration networkTimeout, @DefaultValue Driver driver,
                                @DefaultValue("4.0") double cpuAllocationRatio,
                                @DefaultValue("1.0") double ramAllocationRatio,
                                @DefaultValue("1.0") double diskAllocationRatio,
                                @DefaultValue("512") int reservedHostMemoryMb,
                                @DefaultValue("0") int reservedHostDiskMb) {

    public ComputeProperties {
        hosts = hosts == null ? List.of() : List.copyOf(hosts);
        if (hostCount < 1) {
            throw new IllegalArgumentException("nova.compute.host-count must be at least 1");
        }
        if (cpuAllocationRatio <= 0 || ramAllocationRatio <= 0 || diskAllocationRatio <= 0) {
            throw new IllegalArgumentException("nova.compute.*-allocation-ratio must be greater than 0");
        }
        if (reservedHostMemoryMb < 0 || reservedHostDiskMb < 0) {
            throw new IllegalArgumentException("nova.compute.reserved-host-memory-mb and reserved-host-disk-mb must not"
                    + " be negative");
        }
    }

    /** What the resource tracker reports of one host's compute node. */
    public ComputeNodeResources nodeResources(String host) {
        return new ComputeNodeResources(host, host, hypervisorType, vcpus, memoryMb, localGb, cpuAllocationRatio,
                ramAllocationRatio, diskAllocationRatio, reservedHostMemoryMb, reservedHostDiskMb);
    }

    /**
     * @param bootDelay   how long a spawn takes
     * @param failureRate the share of spawns that fail (0 to 1)
     * @param failHosts   hosts on which every spawn fails, to watch reschedules
     */
    public record Driver(@DefaultValue("1s") Duration bootDelay, @DefaultValue("0") double failureRate,
                         List<String> failHosts) {
        public Driver {
            failHosts = failHosts == null ? List.of() : List.copyOf(failHosts);
            if (failureRate < 0 || failureRate > 1) {
                throw new IllegalArgumentException("nova.compute.driver.failure-rate must be between 0 and 1");
            }
        }
    }

    /** The hosts' names: the configured ones, or {@code <base>} alone, or {@code <base>-1 ... <base>-N}. */
    public List<String> hostNames(String base) {
        if (!hosts.isEmpty()) {
            return hosts;
        }
        return hostCount == 1 ? List.of(base) : IntStream.rangeClosed(1, hostCount).mapToObj(i -> base + "-" + i).toList();
    }
}
