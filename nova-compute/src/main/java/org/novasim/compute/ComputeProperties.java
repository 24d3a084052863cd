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
 * @param reportInterval how often each host reports its service heartbeat (Nova's {@code report_interval})
 * @param updateResourcesInterval how often each host reports its compute node's resources (Nova's periodic
 *                       {@code update_available_resource}, every 60 s)
 * @param networkTimeout how long a build waits for nova-network's addresses
 * @param brokerMode     how the hosts meet the broker: {@code compact} (hosts share connections, up to
 *                       {@code hosts-per-connection} each, and one reply queue) or {@code per-host} (each host has
 *                       its own connection, reply queue and clients, as that many nova-compute processes would)
 * @param hostsPerConnection in compact mode, the hosts whose consumers share one connection (3 channels each, under
 *                       the broker's channel_max of 2047)
 * @param driver         the simulated hypervisor
 */
@ConfigurationProperties("nova.compute")
public record ComputeProperties(List<String> hosts, @DefaultValue("1") int hostCount, @DefaultValue("8") int vcpus,
                                @DefaultValue("16384") int memoryMb, @DefaultValue("200") int localGb,
                                @DefaultValue("fake") String hypervisorType,
                                @DefaultValue("10s") Duration reportInterval,
                                @DefaultValue("60s") Duration updateResourcesInterval,
                                @DefaultValue("30s") Duration networkTimeout,
                                @DefaultValue("compact") BrokerMode brokerMode,
                                @DefaultValue("200") int hostsPerConnection,
                                @DefaultValue Driver driver) {

    /** The broker channels one host's consumers take: its topic, server and fanout queues. */
    static final int CHANNELS_PER_HOST = 3;
    /** RabbitMQ's default channel_max, less room for the connection's publishing channels. */
    private static final int MAX_HOSTS_PER_CONNECTION = (2047 - 100) / CHANNELS_PER_HOST;

    public ComputeProperties {
        hosts = hosts == null ? List.of() : List.copyOf(hosts);
        if (hostCount < 1) {
            throw new IllegalArgumentException("nova.compute.host-count must be at least 1");
        }
        if (hostsPerConnection < 1 || hostsPerConnection > MAX_HOSTS_PER_CONNECTION) {
            throw new IllegalArgumentException("nova.compute.hosts-per-connection must be between 1 and "
                    + MAX_HOSTS_PER_CONNECTION + " (each host takes " + CHANNELS_PER_HOST
                    + " channels; RabbitMQ allows 2047 per connection)");
        }
        for (Duration interval : List.of(reportInterval, updateResourcesInterval)) {
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("nova.compute.report-interval and update-resources-interval must"
                        + " be positive");
            }
        }
    }

    /** How the simulated hosts meet the broker. */
    public enum BrokerMode {
        /** Hosts share connections ({@code hosts-per-connection} each) and the process's one reply queue. */
        COMPACT,
        /** Each host has a connection, reply queue and clients of its own, like a nova-compute process. */
        PER_HOST
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
