package org.novasim.compute;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import org.novasim.messaging.config.PropertyChecks;
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
 * @param reportInterval how often each host reports its service heartbeat (Nova's {@code report_interval})
 * @param updateResourcesInterval how often each host reports its compute node's resources (Nova's periodic
 *                       {@code update_available_resource}, every 60 s)
 * @param networkTimeout how long a build waits for nova-network's addresses
 * @param brokerMode     how the hosts meet the broker: {@code compact} (hosts share connections, up to
 *                       {@code hosts-per-connection} each, and one reply queue: light, but not what Nova puts on a
 *                       broker) or {@code per-host} (each host opens what oslo.messaging opens for one nova-compute
 *                       process: its server's, reply, sending and notification connections, a channel each)
 * @param hostsPerConnection in compact mode, the hosts whose consumers share one connection (3 channels each, under
 *                       the broker's channel_max of 2047)
 * @param driver         the simulated hypervisor
 * @param cpuAllocationRatio   virtual CPUs placement hands out per physical one (Nova's
 *                             {@code initial_cpu_allocation_ratio}, as every simulated node is new when it starts)
 * @param ramAllocationRatio   RAM handed out per MB of the host (Nova's {@code initial_ram_allocation_ratio})
 * @param diskAllocationRatio  disk handed out per GB of the host (Nova's {@code initial_disk_allocation_ratio})
 * @param reservedHostMemoryMb RAM kept for the host itself, never allocated (Nova's {@code reserved_host_memory_mb})
 * @param reservedHostDiskMb   disk kept for the host itself (Nova's {@code reserved_host_disk_mb})
 * @param periodic       the intervals of Zed's other periodic tasks that touch the bus
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
                                @DefaultValue Driver driver,
                                @DefaultValue("4.0") double cpuAllocationRatio,
                                @DefaultValue("1.0") double ramAllocationRatio,
                                @DefaultValue("1.0") double diskAllocationRatio,
                                @DefaultValue("512") int reservedHostMemoryMb,
                                @DefaultValue("0") int reservedHostDiskMb,
                                @DefaultValue Periodic periodic) {

    /** The broker channels one host's consumers take: its topic, server and fanout queues. */
    static final int CHANNELS_PER_HOST = 3;
    /** RabbitMQ's default channel_max, less room for the connection's publishing channels. */
    private static final int MAX_HOSTS_PER_CONNECTION = (2047 - 100) / CHANNELS_PER_HOST;

    public ComputeProperties {
        hosts = hosts == null ? List.of() : List.copyOf(hosts);
        for (int i = 0; i < hosts.size(); i++) {
            PropertyChecks.notBlank("nova.compute.hosts[" + i + "]", hosts.get(i));
            if (hosts.indexOf(hosts.get(i)) != i) {
                throw PropertyChecks.invalid("nova.compute.hosts[" + i + "]", hosts.get(i), "a name no other host has");
            }
        }
        PropertyChecks.atLeast("nova.compute.host-count", hostCount, 1);
        PropertyChecks.atLeast("nova.compute.vcpus", vcpus, 1);
        PropertyChecks.atLeast("nova.compute.memory-mb", memoryMb, 1);
        PropertyChecks.atLeast("nova.compute.local-gb", localGb, 1);
        PropertyChecks.positive("nova.compute.report-interval", reportInterval);
        PropertyChecks.positive("nova.compute.update-resources-interval", updateResourcesInterval);
        PropertyChecks.positive("nova.compute.network-timeout", networkTimeout);
        if (hostsPerConnection < 1 || hostsPerConnection > MAX_HOSTS_PER_CONNECTION) {
            throw PropertyChecks.invalid("nova.compute.hosts-per-connection", hostsPerConnection, "1 to "
                    + MAX_HOSTS_PER_CONNECTION + " (each host takes " + CHANNELS_PER_HOST
                    + " channels; RabbitMQ allows 2047 per connection)");
        }
        for (var ratio : java.util.Map.of("cpu", cpuAllocationRatio, "ram", ramAllocationRatio, "disk",
                diskAllocationRatio).entrySet()) {
            if (!(ratio.getValue() > 0)) {
                throw PropertyChecks.invalid("nova.compute." + ratio.getKey() + "-allocation-ratio", ratio.getValue(),
                        "a number greater than 0");
            }
        }
        PropertyChecks.atLeast("nova.compute.reserved-host-memory-mb", reservedHostMemoryMb, 0);
        PropertyChecks.atLeast("nova.compute.reserved-host-disk-mb", reservedHostDiskMb, 0);
    }

    /** What the resource tracker reports of one host's compute node. */
    public ComputeNodeResources nodeResources(String host) {
        return new ComputeNodeResources(host, host, hypervisorType, vcpus, memoryMb, localGb, cpuAllocationRatio,
                ramAllocationRatio, diskAllocationRatio, reservedHostMemoryMb, reservedHostDiskMb);
    }

    /** How the simulated hosts meet the broker. */
    public enum BrokerMode {
        /**
         * Hosts share connections ({@code hosts-per-connection} each) and the process's one reply queue: for small
         * machines, not what nova-compute processes put on a broker.
         */
        COMPACT,
        /** Each host holds what oslo.messaging 14 opens for one nova-compute process: four connections, a channel each. */
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
            PropertyChecks.notNegative("nova.compute.driver.boot-delay", bootDelay);
            if (!(failureRate >= 0 && failureRate <= 1)) {
                throw PropertyChecks.invalid("nova.compute.driver.failure-rate", failureRate,
                        "a share from 0 (no spawn fails) to 1 (every spawn fails)");
            }
        }
    }

    /**
     * Zed's defaults for the compute manager's periodic tasks that put messages on the bus; 0 turns one off.
     *
     * @param schedulerInstanceSyncInterval    {@code _sync_scheduler_instance_info}
     *                                         ({@code scheduler_instance_sync_interval})
     * @param healInstanceInfoCacheInterval    {@code _heal_instance_info_cache}
     *                                         ({@code heal_instance_info_cache_interval})
     * @param syncPowerStateInterval           {@code _sync_power_states} ({@code sync_power_state_interval}), also
     *                                         at start
     * @param instanceDeleteInterval           {@code _run_pending_deletes}, {@code _cleanup_incomplete_migrations},
     *                                         {@code _cleanup_expired_console_auth_tokens}
     *                                         ({@code instance_delete_interval})
     * @param runningDeletedInstancePollInterval {@code _cleanup_running_deleted_instances}
     *                                         ({@code running_deleted_instance_poll_interval}), also at start
     * @param imageCacheManagerInterval        {@code _run_image_cache_manager_pass}
     *                                         ({@code [image_cache] manager_interval}), as a driver with an image
     *                                         cache (libvirt, Nova's fake driver) runs it
     */
    public record Periodic(@DefaultValue("120s") Duration schedulerInstanceSyncInterval,
                           @DefaultValue("60s") Duration healInstanceInfoCacheInterval,
                           @DefaultValue("600s") Duration syncPowerStateInterval,
                           @DefaultValue("300s") Duration instanceDeleteInterval,
                           @DefaultValue("1800s") Duration runningDeletedInstancePollInterval,
                           @DefaultValue("2400s") Duration imageCacheManagerInterval) {
        public Periodic {
            PropertyChecks.notNegative("nova.compute.periodic.scheduler-instance-sync-interval",
                    schedulerInstanceSyncInterval);
            PropertyChecks.notNegative("nova.compute.periodic.heal-instance-info-cache-interval",
                    healInstanceInfoCacheInterval);
            PropertyChecks.notNegative("nova.compute.periodic.sync-power-state-interval", syncPowerStateInterval);
            PropertyChecks.notNegative("nova.compute.periodic.instance-delete-interval", instanceDeleteInterval);
            PropertyChecks.notNegative("nova.compute.periodic.running-deleted-instance-poll-interval",
                    runningDeletedInstancePollInterval);
            PropertyChecks.notNegative("nova.compute.periodic.image-cache-manager-interval",
                    imageCacheManagerInterval);
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
