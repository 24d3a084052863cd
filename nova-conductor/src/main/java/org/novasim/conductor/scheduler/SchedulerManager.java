package org.novasim.conductor.scheduler;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import org.novasim.conductor.SchedulerProperties;
import org.novasim.messaging.RequestContext;
import org.novasim.messaging.rpc.RpcEndpoint;
import org.novasim.nova.ServiceGroup;
import org.novasim.nova.exception.NoValidHost;
import org.novasim.nova.objects.Destination;
import org.novasim.nova.objects.RequestSpec;
import org.novasim.nova.objects.Selection;
import org.novasim.nova.scheduler.SchedulerRpcApi;

import tools.jackson.databind.JsonNode;

/**
 * nova-scheduler's endpoint, as Nova Zed's {@code SchedulerManager} (4.5, topic {@code scheduler}): it places
 * instances ({@code select_destinations}, called by the conductor) and keeps, from the computes' fanout casts, which
 * instances each host has. It runs in the conductor's process; on the broker it is Nova's scheduler, with its own
 * queues and its own service row.
 */
@Component
@RpcEndpoint(topic = SchedulerRpcApi.TOPIC_PLACEHOLDER, version = SchedulerRpcApi.VERSION)
public class SchedulerManager {

    private static final Logger log = LoggerFactory.getLogger(SchedulerManager.class);

    private final HostManager hostManager;
    private final Claims claims;
    private final SchedulerProperties properties;
    private final FilterScheduler scheduler;
    private final HostInstances hostInstances;
    private final Clock clock;

    public SchedulerManager(HostManager hostManager, Claims claims, SchedulerProperties properties,
                            ServiceGroup serviceGroup, HostInstances hostInstances, Clock clock) {
        this.hostManager = hostManager;
        this.claims = claims;
        this.properties = properties;
        this.scheduler = new FilterScheduler(serviceGroup, properties.shuffleBestSameWeighedHosts(),
                properties.hostSubsetSize());
        this.hostInstances = hostInstances;
        this.clock = clock;
    }

    /**
     * For each instance, the weighed hosts from the host manager's states, the first one whose claim the database
     * takes, and (with {@code return_alternates}) the next ones as alternates, up to {@code max_attempts} in all. A
     * claim refused because another request (of this or another scheduler) took the room first moves on to the next
     * host, as Nova's scheduler does on a placement conflict. No lock is held: the database arbitrates. A requested
     * destination (2.74) is the only host considered.
     *
     * @return the host list of each instance, in their order (empty for an instance deleted meanwhile)
     * @throws NoValidHost if some instance fits nowhere; the claims already made stay, and the caller releases them
     *                     with the instances it puts in ERROR
     */
    public List<List<Selection>> selectDestinations(RequestContext context, RequestSpec specObj,
                                                    List<String> instanceUuids, @Nullable Boolean returnObjects,
                                                    @Nullable Boolean returnAlternates) {
        if (specObj.flavor() == null) {
            throw new IllegalArgumentException("the request spec has no flavor to schedule");
        }
        ResourceRequest request = ResourceRequest.of(specObj.flavor());
        List<List<Selection>> hostLists = new ArrayList<>(instanceUuids.size());
        for (String uuid : instanceUuids) {
            List<Selection> hostList = claimOne(uuid, request, specObj.requestedDestination());
            hostLists.add(Boolean.TRUE.equals(returnAlternates) || hostList.isEmpty() ? hostList
                    : hostList.subList(0, 1));
        }
        return hostLists;
    }

    private List<Selection> claimOne(String uuid, ResourceRequest request, @Nullable Destination destination) {
        Collection<HostState> states = hostManager.hostStates();
        if (destination != null) {
            // Nova's scheduler narrows its candidates to the requested destination before any filter runs.
            states = states.stream().filter(h -> destination.admits(h.host(), h.nodename())).toList();
        }
        List<HostState> weighed = scheduler.weighedHosts(states, request, clock.instant());
        for (int i = 0; i < weighed.size(); i++) {
            HostState host = weighed.get(i);
            switch (claims.claim(uuid, host, request)) {
                case CLAIMED -> {
                    List<Selection> hostList = new ArrayList<>();
                    hostList.add(new Selection(host.host(), host.nodename()));
                    weighed.subList(i + 1, weighed.size()).stream().limit(properties.maxAttempts() - 1L)
                            .forEach(h -> hostList.add(new Selection(h.host(), h.nodename())));
                    return hostList;
                }
                case INSTANCE_GONE -> {
                    log.info("instance {} was deleted before it was scheduled", uuid);
                    return List.of();
                }
                case NO_ROOM -> log.debug("claim of instance {} on {} refused: no room left; trying the next host",
                        uuid, host.host());
            }
        }
        log.info("every host with room for instance {} was taken by other claims first ({} tried)", uuid, weighed.size());
        throw new NoValidHost(NoValidHost.NOT_ENOUGH_HOSTS);
    }

    /** A compute built or changed instances: its InstanceList. */
    public void updateInstanceInfo(RequestContext context, String hostName, JsonNode instanceInfo) {
        hostInstances.update(hostName, instanceInfo);
    }

    public void deleteInstanceInfo(RequestContext context, String hostName, String instanceUuid) {
        hostInstances.delete(hostName, instanceUuid);
    }

    /** A compute's periodic list of its instances, compared with what this scheduler knows. */
    public void syncInstanceInfo(RequestContext context, String hostName, List<String> instanceUuids) {
        hostInstances.sync(hostName, instanceUuids);
    }
}
