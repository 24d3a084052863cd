package org.novasim.conductor.scheduler;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.novasim.nova.ServiceGroup;
import org.novasim.nova.exception.NoValidHost;

/**
 * Nova's filter scheduler, run inside the conductor, on the host manager's states: placement's allocation
 * candidates (the hosts with room for the request under their ratios), then the filters, then the weigher (most
 * free RAM first, Nova's RAMWeigher; ties by host name), then, as configured, Nova's shuffle of the hosts that
 * share the best weight and its random pick among the best {@code host_subset_size}. The result is every passing
 * host in order: the scheduler claims the first it can and offers the next ones as alternates.
 */
public final class FilterScheduler {

    private static final Logger log = LoggerFactory.getLogger(FilterScheduler.class);
    private static final List<HostFilter> FILTERS = List.of(HostFilter.values());
    private static final Comparator<HostState> RAM_WEIGHER =
            Comparator.comparingInt(HostState::freeRamMb).reversed().thenComparing(HostState::host);

    private final ServiceGroup serviceGroup;
    private final boolean shuffleBestSameWeighedHosts;
    private final int hostSubsetSize;

    /**
     * @param shuffleBestSameWeighedHosts shuffle the hosts that share the best weight (Nova's
     *                                    {@code shuffle_best_same_weighed_hosts})
     * @param hostSubsetSize              choose at random among this many best hosts (Nova's {@code host_subset_size})
     */
    public FilterScheduler(ServiceGroup serviceGroup, boolean shuffleBestSameWeighedHosts, int hostSubsetSize) {
        if (hostSubsetSize < 1) {
            throw new IllegalArgumentException("host subset size must be at least 1");
        }
        this.serviceGroup = serviceGroup;
        this.shuffleBestSameWeighedHosts = shuffleBestSameWeighedHosts;
        this.hostSubsetSize = hostSubsetSize;
    }

    /** Nova's defaults: no shuffling, the best host first. */
    public FilterScheduler(ServiceGroup serviceGroup) {
        this(serviceGroup, false, 1);
    }

    /**
     * The hosts that can take one instance of the request, best first.
     *
     * @throws NoValidHost if none can
     */
    public List<HostState> weighedHosts(Collection<HostState> hosts, ResourceRequest request, Instant now) {
        List<HostState> candidates = new ArrayList<>(hosts.size());
        for (HostState host : hosts) {
            if (host.hasCapacityFor(request) && passesFilters(host, now)) {
                candidates.add(host);
            }
        }
        if (candidates.isEmpty()) {
            log.info("Filtering removed all hosts for the request with {}. Final results: {}", request,
                    filterResults(hosts, request, now));
            throw new NoValidHost(NoValidHost.NOT_ENOUGH_HOSTS);
        }
        candidates.sort(RAM_WEIGHER);
        if (shuffleBestSameWeighedHosts) {
            int best = 1;
            while (best < candidates.size() && candidates.get(best).freeRamMb() == candidates.getFirst().freeRamMb()) {
                best++;
            }
            Collections.shuffle(candidates.subList(0, best), ThreadLocalRandom.current());
        }
        if (hostSubsetSize > 1) {
            int chosen = ThreadLocalRandom.current().nextInt(Math.min(hostSubsetSize, candidates.size()));
            candidates.addFirst(candidates.remove(chosen));
        }
        return candidates;
    }

    /** A plain loop: this runs for every host on every scheduling request. */
    private boolean passesFilters(HostState host, Instant now) {
        for (HostFilter filter : FILTERS) {
            if (!filter.passes(host, serviceGroup, now)) {
                return false;
            }
        }
        return true;
    }

    /**
     * As Nova logs it: how many hosts each step was given and kept, {@code [(Placement, 3, 1), (ComputeFilter, 1, 0)]};
     * "Placement" stands for the allocation candidates placement returns.
     */
    String filterResults(Collection<HostState> hosts, ResourceRequest request, Instant now) {
        List<HostState> remaining = new ArrayList<>(hosts);
        List<String> results = new ArrayList<>();
        int before = remaining.size();
        remaining.removeIf(h -> !h.hasCapacityFor(request));
        results.add("(Placement, " + before + ", " + remaining.size() + ")");
        for (HostFilter filter : FILTERS) {
            if (remaining.isEmpty()) {
                break;
            }
            before = remaining.size();
            remaining.removeIf(h -> !filter.passes(h, serviceGroup, now));
            results.add("(" + filter.novaName() + ", " + before + ", " + remaining.size() + ")");
        }
        return results.toString();
    }
}
