package org.novasim.conductor.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.novasim.nova.ServiceGroup;
import org.novasim.nova.exception.NoValidHost;

/** Placement's capacity under allocation ratios and reservations, the ComputeFilter and the RAM weigher. */
class FilterSchedulerTest {

    private static final ResourceRequest TINY = new ResourceRequest(1, 512, 1);
    private static final ResourceRequest LARGE = new ResourceRequest(4, 8192, 80);
    private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");
    private static final ServiceGroup SERVICE_GROUP = new ServiceGroup(Duration.ofSeconds(60));

    /** A host with Nova's default ratios (4.0, 1.0, 1.0) and reservation (512 MB), 8 vCPUs, 16 GB, 200 GB. */
    private static HostState host(String name, boolean up, int vcpusUsed, int memoryMbUsed, int localGbUsed) {
        return new HostState(1, "uuid-" + name, name, name, up ? NOW : NOW.minusSeconds(3600), false, false, 8, 16384,
                200, 4.0, 1.0, 1.0, 512, 0, vcpusUsed, memoryMbUsed, localGbUsed);
    }

    private final FilterScheduler scheduler = new FilterScheduler(SERVICE_GROUP);

    private List<String> weighed(List<HostState> hosts, ResourceRequest request) {
        return scheduler.weighedHosts(hosts, request, NOW).stream().map(HostState::host).toList();
    }

    @Test
    void theDefaultHostTakes31TinyInstancesAsPlacementWouldCount() {
        // VCPU: 8 * 4.0 = 32; MEMORY_MB: (16384 - 512) * 1.0 = 15872, 31 * 512 = 15872; DISK_GB: 200.
        HostState host = host("h", true, 0, 0, 0);
        int placed = 0;
        while (host.hasCapacityFor(TINY)) {
            host = host.consume(TINY);
            placed++;
        }
        assertThat(placed).isEqualTo(31);
        assertThat(host.memoryMbUsed()).isEqualTo(15872);
        HostState full = host;
        assertThatThrownBy(() -> scheduler.weighedHosts(List.of(full), TINY, NOW))
                .isInstanceOf(NoValidHost.class)
                .hasMessage("No valid host was found. There are not enough hosts available.");
    }

    @Test
    void theCpuRatioBoundsWhenRamIsPlenty() {
        HostState host = new HostState(1, "u", "h", "h", NOW, false, false, 8, 1_000_000, 1000, 4.0, 1.0, 1.0, 512, 0,
                31, 0, 0);
        assertThat(host.hasCapacityFor(TINY)).as("the 32nd vCPU of 8 * 4.0").isTrue();
        assertThat(host.consume(TINY).hasCapacityFor(TINY)).as("a 33rd").isFalse();
        HostState noOvercommit = new HostState(1, "u", "h", "h", NOW, false, false, 8, 1_000_000, 1000, 1.0, 1.0, 1.0,
                0, 0, 8, 0, 0);
        assertThat(noOvercommit.hasCapacityFor(TINY)).as("cpu_allocation_ratio 1.0").isFalse();
    }

    @Test
    void aRequestLargerThanTheHostNeverFitsWhateverTheRatio() {
        HostState host = new HostState(1, "u", "h", "h", NOW, false, false, 4, 16384, 200, 16.0, 1.5, 1.0, 0, 0,
                0, 0, 0);
        assertThat(host.hasCapacityFor(new ResourceRequest(8, 512, 1))).as("8 vCPUs > max_unit 4").isFalse();
        assertThat(host.hasCapacityFor(new ResourceRequest(4, 16384, 1))).isTrue();
        assertThat(host.hasCapacityFor(new ResourceRequest(4, 20000, 1))).as("20000 MB > max_unit 16384").isFalse();
    }

    @Test
    void reservedDiskIsRoundedUpToWholeGigabytes() {
        HostState host = new HostState(1, "u", "h", "h", NOW, false, false, 8, 16384, 10, 4.0, 1.0, 1.0, 512, 1,
                0, 0, 9);
        assertThat(host.reservedDiskGb()).isEqualTo(1);
        assertThat(host.hasCapacityFor(TINY)).as("(10 - 1) GB are all used").isFalse();
    }

    @Test
    void picksTheHostWithTheMostFreeRamFirst() {
        assertThat(weighed(List.of(host("a", true, 0, 12288, 0), host("b", true, 0, 0, 0), host("c", true, 0, 8192, 0),
                host("d", true, 0, 14336, 0)), TINY)).containsExactly("b", "c", "a", "d");
    }

    @Test
    void hostsSharingTheBestWeightAreShuffledSoConcurrentRequestsSpread() {
        FilterScheduler shuffling = new FilterScheduler(SERVICE_GROUP, true, 1);
        List<HostState> hosts = List.of(host("a", true, 0, 0, 0), host("b", true, 0, 0, 0), host("c", true, 0, 0, 0),
                host("used", true, 0, 4096, 0));
        java.util.Set<String> firsts = new java.util.HashSet<>();
        for (int i = 0; i < 200; i++) {
            List<String> order = shuffling.weighedHosts(hosts, TINY, NOW).stream().map(HostState::host).toList();
            firsts.add(order.getFirst());
            assertThat(order.getLast()).isEqualTo("used");
        }
        assertThat(firsts).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(weighed(hosts, TINY)).as("Nova's default: no shuffle").containsExactly("a", "b", "c", "used");
    }

    @Test
    void filtersOutDownAndDisabledHostsAndHostsWithoutRoom() {
        HostState disabled = new HostState(1, "u", "disabled", "disabled", NOW, false, true, 8, 16384, 200, 4.0, 1.0,
                1.0, 512, 0, 0, 0, 0);
        HostState forcedDown = new HostState(1, "u", "forced", "forced", NOW, true, false, 8, 16384, 200, 4.0, 1.0,
                1.0, 512, 0, 0, 0, 0);
        List<HostState> hosts = List.of(host("down", false, 0, 0, 0), disabled, forcedDown,
                host("no-cpu", true, 29, 0, 0), host("no-ram", true, 0, 8000, 0), host("no-disk", true, 0, 0, 150),
                host("fits", true, 0, 4096, 80));

        assertThat(weighed(hosts, LARGE)).containsExactly("fits");
        assertThat(scheduler.filterResults(hosts, LARGE, NOW)).isEqualTo("[(Placement, 7, 4), (ComputeFilter, 4, 1)]");
        assertThat(scheduler.filterResults(hosts.subList(0, 1), LARGE, NOW))
                .isEqualTo("[(Placement, 1, 1), (ComputeFilter, 1, 0)]");
        assertThat(scheduler.filterResults(hosts.subList(3, 6), LARGE, NOW)).isEqualTo("[(Placement, 3, 0)]");
        assertThatThrownBy(() -> scheduler.weighedHosts(List.of(), TINY, NOW)).isInstanceOf(NoValidHost.class);
    }
}
