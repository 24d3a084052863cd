package org.novasim.conductor.scheduler;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.novasim.nova.exception.NoValidHost;
import org.novasim.nova.objects.Selection;

/**
 * Nova's filter scheduler, run inside the conductor: the hosts that pass every filter, weighed by free RAM (most
 * first, Nova's RAMWeigher); the best takes the instance and the next ones are its alternates for reschedules. Each
 * choice is claimed before the next instance of the same request is placed, so a multi-create spreads.
 */
public final class FilterScheduler {

    private static final Logger log = LoggerFactory.getLogger(FilterScheduler.class);
    private static final List<HostFilter> FILTERS = List.of(HostFilter.values());

    private final int maxAttempts;

    /** @param maxAttempts hosts per instance in all, the chosen one and its alternates ({@code [scheduler] max_attempts}) */
    public FilterScheduler(int maxAttempts) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("max attempts must be at least 1");
        }
        this.maxAttempts = maxAttempts;
    }

    /**
     * One host list per instance, chosen host first.
     *
     * @throws NoValidHost if some instance fits on no host
     */
    public List<List<Selection>> selectDestinations(List<HostState> hosts, ResourceRequest request, int instances) {
        Map<String, HostState> state = new LinkedHashMap<>();
        hosts.forEach(h -> state.put(h.host(), h));
        List<List<Selection>> hostLists = new ArrayList<>();
        for (int i = 0; i < instances; i++) {
            List<HostState> candidates = state.values().stream()
                    .filter(h -> FILTERS.stream().allMatch(f -> f.passes(h, request)))
                    .sorted(Comparator.comparingInt(HostState::freeRamMb).reversed().thenComparing(HostState::host))
                    .limit(maxAttempts)
                    .toList();
            if (candidates.isEmpty()) {
                log.info("Filtering removed all hosts for instance {} of {}. Final results: {}", i + 1, instances,
                        filterResults(state.values(), request));
                throw new NoValidHost(NoValidHost.NOT_ENOUGH_HOSTS);
            }
            HostState chosen = candidates.getFirst();
            state.put(chosen.host(), chosen.consume(request));
            hostLists.add(candidates.stream().map(h -> new Selection(h.host(), h.nodename())).toList());
        }
        return hostLists;
    }

    /** As Nova logs it: each filter with the hosts it was given and the hosts it kept, {@code [(RamFilter, 3, 0)]}. */
    static String filterResults(Collection<HostState> hosts, ResourceRequest request) {
        List<HostState> remaining = new ArrayList<>(hosts);
        List<String> results = new ArrayList<>();
        for (HostFilter filter : FILTERS) {
            int before = remaining.size();
            remaining.removeIf(h -> !filter.passes(h, request));
            results.add("(" + filter.novaName() + ", " + before + ", " + remaining.size() + ")");
            if (remaining.isEmpty()) {
                break;
            }
        }
        return results.toString();
    }
}
