package org.novasim.compute;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

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
 */
@ConfigurationProperties("nova.compute")
public record ComputeProperties(List<String> hosts, @DefaultValue("1") int hostCount, @DefaultValue("8") int vcpus,
                                @DefaultValue("16384") int memoryMb, @DefaultValue("200") int localGb,
                                @DefaultValue("fake") String hypervisorType,
                                @DefaultValue("10s") Duration reportInterval,
                                @DefaultValue("30s") Duration networkTimeout, @DefaultValue Driver driver) {

    public ComputeProperties {
        hosts = hosts == null ? List.of() : List.copyOf(hosts);
        if (hostCount < 1) {
            throw new IllegalArgumentException("nova.compute.host-count must be at least 1");
        }
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
