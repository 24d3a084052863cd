package org.novasim.conductor.scheduler;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

import org.springframework.stereotype.Component;

import org.novasim.conductor.SchedulerProperties;
import org.novasim.conductor.db.ComputeNodeRecords;
import org.novasim.conductor.db.PlacementRecords.Allocation;
import org.novasim.nova.conductor.ComputeNodeResources;

/**
 * Nova's host manager: the scheduler's host states, kept in memory (one per host, NovaSim's computes run one node
 * each) and updated by what this conductor sees (heartbeats, node reports, its own claims and releases). Reports of
 * a host may reach another conductor process, and its claims too, so a scheduling request reloads every state from
 * the database when they are older than {@code nova.scheduler.host-state-refresh-interval}: one query over
 * compute_nodes and services, no instance read. The states only guide the choice; the claim in the database decides.
 */
@Component
public class HostManager {

    private final ComputeNodeRecords computeNodes;
    private final SchedulerProperties properties;
    private final Clock clock;
    private final Map<String, HostState> states = new ConcurrentHashMap<>();
    private final Map<Long, String> hostOfNode = new ConcurrentHashMap<>();
    private final ReentrantLock loading = new ReentrantLock();
    private volatile Instant loadedAt;

    public HostManager(ComputeNodeRecords computeNodes, SchedulerProperties properties, Clock clock) {
        this.computeNodes = computeNodes;
        this.properties = properties;
        this.clock = clock;
    }

    /** The host states for a scheduling request, reloaded first if stale (by one request; others use the last). */
    public Collection<HostState> hostStates() {
        Instant now = clock.instant();
        Instant last = loadedAt;
        if (last == null) {
            load();
        } else if (!last.plus(properties.hostStateRefreshInterval()).isAfter(now) && loading.tryLock()) {
            try {
                reload(now);
            } finally {
                loading.unlock();
            }
        }
        return List.copyOf(states.values());
    }

    /** The first load, which every caller waits for. */
    private void load() {
        loading.lock();
        try {
            if (loadedAt == null) {
                reload(clock.instant());
            }
        } finally {
            loading.unlock();
        }
    }

    private void reload(Instant now) {
        for (HostState state : computeNodes.hostStates()) {
            put(state);
        }
        loadedAt = now;
    }

    private void put(HostState state) {
        states.put(state.host(), state);
        hostOfNode.put(state.nodeId(), state.host());
    }

    /** A host's state as the database has it now (after a claim on it was refused). */
    public void refresh(String host) {
        computeNodes.hostState(host).ifPresent(this::put);
    }

    /** A heartbeat this conductor recorded: a compute's service is up from now. */
    public void serviceReported(String host, String binary, Instant at) {
        if ("nova-compute".equals(binary)) {
            states.computeIfPresent(host, (h, state) -> state.seenAt(at));
        }
    }

    /** A node's report: written only if it changed; a new node is read back to learn its id. */
    public void nodeReported(ComputeNodeResources node, Instant now) {
        if (loadedAt == null) {
            load();
        }
        HostState known = states.get(node.host());
        if (known != null && sameInventory(known, node)) {
            return;
        }
        if (known == null || computeNodes.updateIfChanged(node, now) == 0) {
            computeNodes.report(node, now);
        }
        refresh(node.host());
    }

    private static boolean sameInventory(HostState s, ComputeNodeResources n) {
        return s.nodename().equals(n.hypervisorHostname()) && s.vcpus() == n.vcpus() && s.memoryMb() == n.memoryMb()
                && s.localGb() == n.localGb() && s.cpuAllocationRatio() == n.cpuAllocationRatio()
                && s.ramAllocationRatio() == n.ramAllocationRatio() && s.diskAllocationRatio() == n.diskAllocationRatio()
                && s.reservedHostMemoryMb() == n.reservedHostMemoryMb()
                && s.reservedHostDiskMb() == n.reservedHostDiskMb();
    }

    /** A claim the database took. */
    void consumed(String host, ResourceRequest request) {
        states.computeIfPresent(host, (h, state) -> state.consume(request));
    }

    /** An allocation removed from the database. */
    public void released(Allocation allocation) {
        String host = hostOfNode.get(allocation.computeNodeId());
        if (host != null) {
            states.computeIfPresent(host, (h, state) -> state.withUsage(state.vcpusUsed() - allocation.vcpus(),
                    state.memoryMbUsed() - allocation.memoryMb(), state.localGbUsed() - allocation.diskGb()));
        }
    }

    /** One host's state (an alternate to claim), read from the database if this conductor has not seen it yet. */
    public HostState get(String host) {
        if (loadedAt == null) {
            load();
        }
        HostState state = states.get(host);
        if (state == null) {
            refresh(host);
            state = states.get(host);
        }
        return state;
    }
}
