package org.novasim.conductor.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.novasim.nova.exception.NoValidHost;
import org.novasim.nova.objects.Selection;

class FilterSchedulerTest {

    private static final ResourceRequest TINY = new ResourceRequest(1, 512, 1);
    private static final ResourceRequest LARGE = new ResourceRequest(4, 8192, 80);

    private static HostState host(String name, boolean up, int freeVcpus, int freeRam, int freeDisk) {
        return new HostState(name, name, up, 8, 8 - freeVcpus, 16384, 16384 - freeRam, 200, 200 - freeDisk);
    }

    private final FilterScheduler scheduler = new FilterScheduler(3);

    @Test
    void picksTheHostWithTheMostFreeRamAndListsAlternates() {
        List<List<Selection>> lists = scheduler.selectDestinations(List.of(host("a", true, 8, 4096, 100),
                host("b", true, 8, 16384, 100), host("c", true, 8, 8192, 100), host("d", true, 8, 2048, 100)), TINY, 1);

        assertThat(lists).singleElement().extracting(l -> l.stream().map(Selection::serviceHost).toList())
                .isEqualTo(List.of("b", "c", "a"));
    }

    @Test
    void filtersOutDownHostsAndHostsTooSmallForTheFlavor() {
        List<HostState> hosts = List.of(host("down", false, 8, 16384, 200), host("no-cpu", true, 2, 16384, 200),
                host("no-ram", true, 8, 4096, 200), host("no-disk", true, 8, 16384, 50), host("fits", true, 4, 8192, 80));

        assertThat(scheduler.selectDestinations(hosts, LARGE, 1).getFirst()).containsExactly(new Selection("fits", "fits"));
    }

    @Test
    void aMultiCreateSpreadsAsEachChoiceIsClaimed() {
        List<List<Selection>> lists = scheduler.selectDestinations(
                List.of(host("a", true, 8, 4096, 100), host("b", true, 8, 4096, 100)), TINY, 4);

        assertThat(lists).extracting(l -> l.getFirst().serviceHost()).containsExactly("a", "b", "a", "b");
    }

    @Test
    void noHostThatFitsIsNoValidHost() {
        assertThatThrownBy(() -> scheduler.selectDestinations(List.of(host("small", true, 1, 1024, 10)), LARGE, 1))
                .isInstanceOf(NoValidHost.class)
                .hasMessage("No valid host was found. There are not enough hosts available.");
        assertThatThrownBy(() -> scheduler.selectDestinations(List.of(host("one", true, 1, 512, 1)), TINY, 2))
                .as("the second instance finds the only host full").isInstanceOf(NoValidHost.class);
        assertThatThrownBy(() -> scheduler.selectDestinations(List.of(), TINY, 1)).isInstanceOf(NoValidHost.class);
    }

    @Test
    void theFilterResultsSayWhichFilterRemovedTheHosts() {
        List<HostState> hosts = List.of(host("down", false, 8, 16384, 200), host("full", true, 0, 16384, 200),
                host("roomy", true, 8, 16384, 200));
        assertThat(FilterScheduler.filterResults(hosts, LARGE))
                .isEqualTo("[(ComputeFilter, 3, 2), (CoreFilter, 2, 1), (RamFilter, 1, 1), (DiskFilter, 1, 1)]");
        assertThat(FilterScheduler.filterResults(hosts.subList(0, 2), TINY))
                .isEqualTo("[(ComputeFilter, 2, 1), (CoreFilter, 1, 0)]");
    }
}
