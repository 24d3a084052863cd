package org.novasim.conductor.manager;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import org.novasim.conductor.SchedulerProperties;
import org.novasim.conductor.db.ActionRecords;
import org.novasim.conductor.db.FaultRecords;
import org.novasim.conductor.db.InstanceRecords;
import org.novasim.conductor.db.InstanceRecords.InstanceRow;
import org.novasim.conductor.objects.InstanceObject;
import org.novasim.conductor.scheduler.Claims;
import org.novasim.conductor.scheduler.HostManager;
import org.novasim.conductor.scheduler.HostState;
import org.novasim.conductor.scheduler.ResourceRequest;
import org.novasim.messaging.MessagingException;
import org.novasim.messaging.RemoteError;
import org.novasim.messaging.RequestContext;
import org.novasim.messaging.rpc.Args;
import org.novasim.messaging.rpc.RpcEndpoint;
import org.novasim.nova.compute.ComputeRpcApi;
import org.novasim.nova.conductor.ComputeTaskRpcApi;
import org.novasim.nova.conductor.ConductorRpcApi;
import org.novasim.nova.exception.InstanceNotFound;
import org.novasim.nova.objects.BlockDeviceMappingList;
import org.novasim.nova.objects.BuildRequest;
import org.novasim.nova.objects.Flavor;
import org.novasim.nova.objects.Instance;
import org.novasim.nova.objects.NetworkRequestList;
import org.novasim.nova.objects.RequestSpec;
import org.novasim.nova.objects.Selection;
import org.novasim.nova.scheduler.SchedulerRpcApi;

/**
 * nova-conductor's build orchestration, as Nova's {@code ComputeTaskManager} (namespace {@code compute_task}): it
 * asks nova-scheduler for the hosts of new instances ({@code select_destinations}, which claims them) and casts the
 * builds; a build a host gave up goes to the next alternate until {@code max_attempts}.
 */
@Component
@RpcEndpoint(topic = ConductorRpcApi.TOPIC_PLACEHOLDER, namespace = ComputeTaskRpcApi.NAMESPACE, version = "1.24")
public class ComputeTaskManager {

    private static final Logger log = LoggerFactory.getLogger(ComputeTaskManager.class);
    static final String SCHEDULE_EVENT = "conductor_schedule_and_build_instances";

    private final InstanceRecords instances;
    private final HostManager hostManager;
    private final Claims claims;
    private final FaultRecords faults;
    private final ActionRecords actions;
    private final ComputeRpcApi compute;
    private final SchedulerProperties properties;
    private final SchedulerRpcApi scheduler;
    private final InstanceObject instanceObjects;
    private final Clock clock;

    public ComputeTaskManager(InstanceRecords instances, HostManager hostManager, Claims claims, FaultRecords faults,
                              ActionRecords actions, ComputeRpcApi compute, SchedulerProperties properties,
                              SchedulerRpcApi scheduler, InstanceObject instanceObjects, Clock clock) {
        this.instances = instances;
        this.hostManager = hostManager;
        this.claims = claims;
        this.faults = faults;
        this.actions = actions;
        this.compute = compute;
        this.properties = properties;
        this.scheduler = scheduler;
        this.instanceObjects = instanceObjects;
        this.clock = clock;
    }

    /**
     * Schedules with the flavor of the first request spec, as Nova's conductor does, or, when the sender sent none
     * (an older sender), with the flavor of the instance's record. A requested destination (2.74) is the only host
     * considered.
     */
    public void scheduleAndBuildInstances(RequestContext context, List<BuildRequest> buildRequests,
                                          @Nullable List<RequestSpec> requestSpecs, @Nullable Map<String, Object> image,
                                          @Nullable String adminPassword, @Nullable List<Object> injectedFiles,
                                          @Nullable NetworkRequestList requestedNetworks,
                                          @Nullable BlockDeviceMappingList blockDeviceMapping, @Nullable Object tags) {
        List<InstanceRow> rows = new ArrayList<>();
        for (BuildRequest request : buildRequests) {
            String uuid = request.instanceUuid();
            instances.find(uuid).ifPresentOrElse(rows::add,
                    () -> log.info("instance {} was deleted before it was scheduled", uuid));
        }
        if (rows.isEmpty()) {
            return;
        }
        List<List<Selection>> hostLists;
        try {
            hostLists = scheduler.selectDestinations(context, schedulingSpec(rows, requestSpecs),
                    rows.stream().map(InstanceRow::uuid).toList());
        } catch (MessagingException e) {
            // NoValidHost, or no scheduler answering: every instance of the request ends in ERROR with why.
            String reason = e instanceof RemoteError remote ? remote.value() : e.getMessage();
            for (InstanceRow row : rows) {
                try {
                    buryInError(context, row, reason);
                } catch (InstanceNotFound deleted) {
                    log.info("instance {} was deleted before it could be put in ERROR", row.uuid());
                }
            }
            return;
        }
        for (int i = 0; i < rows.size(); i++) {
            InstanceRow row = rows.get(i);
            List<Selection> hostList = hostLists.get(i);
            if (hostList.isEmpty()) {
                continue;
            }
            Selection chosen = hostList.getFirst();
            actions.start(row.uuid(), ActionRecords.CREATE, context, clock.instant());
            log.info("instance {} scheduled to {} (alternates {})", row.uuid(), chosen.serviceHost(),
                    hostList.subList(1, hostList.size()).stream().map(Selection::serviceHost).toList());
            try {
                compute.buildAndRunInstance(context, chosen.serviceHost(), instanceObjects.load(row.uuid()), image(image),
                        retry(1, chosen), adminPassword, requestedNetworks, chosen.nodename(),
                        hostList.subList(1, hostList.size()));
            } catch (MessagingException e) {
                failToSend(row.uuid(), chosen.serviceHost(), e);
            }
        }
    }

    /**
     * What the scheduler is asked, as Nova's conductor sends it: the first request spec, with the flavor of the
     * instance's record when the sender sent none (an older sender), for as many instances as the request has.
     */
    private RequestSpec schedulingSpec(List<InstanceRow> rows, @Nullable List<RequestSpec> requestSpecs) {
        RequestSpec spec = requestSpecs != null && !requestSpecs.isEmpty() ? requestSpecs.getFirst() : null;
        InstanceRow first = rows.getFirst();
        Flavor flavor = spec != null && spec.flavor() != null ? spec.flavor() : instances.flavor(first.flavorid());
        return spec == null ? new RequestSpec(first.uuid(), first.projectId(), first.userId(), flavor, rows.size())
                : new RequestSpec(spec.instanceUuid(), spec.projectId(), spec.userId(), flavor, rows.size(),
                        spec.image(), spec.availabilityZone(), spec.requestedDestination());
    }

    /** The build could not be handed to its host: the instance says why instead of waiting in BUILD. */
    private void failToSend(String uuid, String host, MessagingException e) {
        String reason = "Could not send the build to host " + host + ": " + e.getMessage();
        if (claims.releaseIf(uuid, () -> instances.failBuild(uuid, clock.instant())
                && faults.create(uuid, 500, reason, "", host, clock.instant()))) {
            log.info("instance {} is in ERROR: {}", uuid, reason);
        }
    }

    /** Named {@code instances} on the wire, as in Nova; the table is {@code this.instances}. */
    @SuppressWarnings("unchecked")
    public void buildInstances(RequestContext context, List<Instance> instances, @Nullable Map<String, Object> image,
                               @Nullable Map<String, Object> filterProperties, @Nullable String adminPassword,
                               @Nullable List<Object> injectedFiles, @Nullable NetworkRequestList requestedNetworks,
                               @Nullable List<Object> securityGroups,
                               @Nullable BlockDeviceMappingList blockDeviceMapping,
                               @Nullable RequestSpec requestSpec, List<List<Selection>> hostLists) {
        for (int i = 0; i < instances.size(); i++) {
            Instance instance = instances.get(i);
            List<Selection> alternates = i < hostLists.size() ? new ArrayList<>(hostLists.get(i)) : new ArrayList<>();
            Map<String, Object> retry = filterProperties == null ? Map.of()
                    : (Map<String, Object>) filterProperties.getOrDefault("retry", Map.of());
            int attempts = ((Number) retry.getOrDefault("num_attempts", 1)).intValue() + 1;
            Flavor flavor = flavorOf(instance, requestSpec);
            if (flavor == null) {
                log.info("instance {} was deleted before it could be rescheduled", instance.uuid());
                continue;
            }
            ResourceRequest request = ResourceRequest.of(flavor);
            Selection next = null;
            while (next == null && !alternates.isEmpty() && attempts <= properties.maxAttempts()) {
                Selection candidate = alternates.removeFirst();
                // A move of the allocation to an alternate is a new claim there, as Nova's claim on reschedule.
                HostState host = hostManager.get(candidate.serviceHost());
                if (host != null && claims.claim(instance.uuid(), host, request) == Claims.Outcome.CLAIMED) {
                    next = candidate;
                }
            }
            if (next == null) {
                this.instances.find(instance.uuid()).ifPresent(row -> buryInError(context, row,
                        new MaxRetriesExceeded(instance.uuid()).getMessage()));
                continue;
            }
            log.info("instance {} rescheduled to {} (attempt {})", instance.uuid(), next.serviceHost(), attempts);
            try {
                compute.buildAndRunInstance(context, next.serviceHost(), instance, image(image), retry(attempts, next),
                        adminPassword, requestedNetworks, next.nodename(), alternates);
            } catch (MessagingException e) {
                failToSend(instance.uuid(), next.serviceHost(), e);
            }
        }
    }

    /** The flavor the instance came with, else its request spec's, else its record's (null if it is gone). */
    private Flavor flavorOf(Instance instance, RequestSpec requestSpec) {
        if (instance.flavor() != null) {
            return instance.flavor();
        }
        if (requestSpec != null && requestSpec.flavor() != null) {
            return requestSpec.flavor();
        }
        return this.instances.find(instance.uuid()).map(row -> this.instances.flavor(row.flavorid())).orElse(null);
    }

    private void buryInError(RequestContext context, InstanceRow row, String reason) {
        Map<String, Object> updates = Args.of("vm_state", "error", "task_state", null, "host", null, "node", null);
        // The ERROR, its fault and the action's failed event commit together: nobody sees the one without the others.
        claims.update(row.uuid(), updates, () -> {
            instances.save(row.uuid(), updates, Map.of(), clock.instant());
            faults.create(row.uuid(), 500, reason, "", null, clock.instant());
            long action = actions.start(row.uuid(), ActionRecords.CREATE, context, clock.instant());
            actions.eventStart(action, SCHEDULE_EVENT, null, clock.instant());
            actions.eventFinish(action, SCHEDULE_EVENT, ActionRecords.ERROR, reason, null, clock.instant());
        });
        log.info("instance {} is in ERROR: {}", row.uuid(), reason);
    }

    private static Map<String, Object> image(Map<String, Object> image) {
        return image == null ? Map.of() : image;
    }

    /** Nova's {@code filter_properties['retry']}: the attempt count and the hosts tried. */
    private static Map<String, Object> retry(int attempts, Selection host) {
        return Map.of("retry", Map.of("num_attempts", attempts, "hosts", List.of(List.of(host.serviceHost(), host.nodename()))));
    }

    /** Nova's MaxRetriesExceeded, as the fault of an instance whose every alternate failed. */
    static final class MaxRetriesExceeded extends RuntimeException {
        MaxRetriesExceeded(String uuid) {
            super("Exceeded maximum number of retries. Exhausted all hosts available for retrying build failures for"
                    + " instance " + uuid + ".");
        }
    }
}
