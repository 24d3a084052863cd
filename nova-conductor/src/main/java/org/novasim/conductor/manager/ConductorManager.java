package org.novasim.conductor.manager;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import org.novasim.conductor.db.ActionRecords;
import org.novasim.conductor.db.FaultRecords;
import org.novasim.conductor.db.InstanceRecords;
import org.novasim.conductor.objects.ObjectIndirection;
import org.novasim.conductor.scheduler.Claims;
import org.novasim.conductor.scheduler.HostManager;
import org.novasim.conductor.servicegroup.HeartbeatBuffer;
import org.novasim.messaging.RequestContext;
import org.novasim.messaging.rpc.RpcEndpoint;
import org.novasim.nova.conductor.ComputeNodeResources;
import org.novasim.nova.conductor.ConductorRpcApi;

import tools.jackson.databind.JsonNode;

/**
 * nova-conductor's database proxy endpoint, as Nova's {@code ConductorManager}: the services without database
 * access record heartbeats, resources, instance states, faults and action events through it.
 */
@Component
@RpcEndpoint(topic = ConductorRpcApi.TOPIC_PLACEHOLDER, version = ConductorRpcApi.VERSION)
public class ConductorManager {

    private static final Logger log = LoggerFactory.getLogger(ConductorManager.class);

    private final HeartbeatBuffer heartbeats;
    private final HostManager hostManager;
    private final Claims claims;
    private final InstanceRecords instances;
    private final FaultRecords faults;
    private final ActionRecords actions;
    private final Clock clock;
    private final ObjectIndirection objects;

    public ConductorManager(HeartbeatBuffer heartbeats, HostManager hostManager, Claims claims,
                            InstanceRecords instances, FaultRecords faults, ActionRecords actions, Clock clock,
                            ObjectIndirection objects) {
        this.heartbeats = heartbeats;
        this.hostManager = hostManager;
        this.claims = claims;
        this.instances = instances;
        this.faults = faults;
        this.actions = actions;
        this.clock = clock;
        this.objects = objects;
    }

    /**
     * Nova's object indirection API (conductor 3.0), what every remotable classmethod of a Zed service without
     * database access is: {@code objname.objmethod(context, *args, **kwargs)}, answered with the result as Nova's
     * {@code NovaObjectSerializer} sends it.
     */
    public @Nullable JsonNode objectClassActionVersions(RequestContext context, String objname, String objmethod,
                                                        Map<String, String> objectVersions, JsonNode args,
                                                        JsonNode kwargs) {
        return objects.classAction(context, objname, objmethod, objectVersions, args, kwargs);
    }

    /** A remotable method on an object ({@code instance.save()}, a heartbeat's {@code service.save()}). */
    public JsonNode objectAction(RequestContext context, JsonNode objinst, String objmethod, JsonNode args,
                                 JsonNode kwargs) {
        return objects.action(context, objinst, objmethod, args, kwargs);
    }

    /** An object at the versions the caller holds, for a caller sent a newer one than it knows. */
    public JsonNode objectBackportVersions(RequestContext context, JsonNode objinst,
                                           Map<String, String> objectVersions) {
        return objects.backport(objinst, objectVersions);
    }

    /** Cheap, as 2,000 hosts send 200 a second: recorded in memory, written with the others once a second. */
    public void serviceUpdate(RequestContext context, String host, String binary, String topic) {
        Instant now = clock.instant();
        if (heartbeats.record(host, binary, topic, now)) {
            log.info("service {} on {} reported for the first time", binary, host);
        }
        hostManager.serviceReported(host, binary, now);
    }

    /** Written only when the node changed (or is new), as Nova's resource tracker saves it. */
    public void computeNodeUpdate(RequestContext context, ComputeNodeResources node) {
        hostManager.nodeReported(node, clock.instant());
    }

    public void instanceUpdate(RequestContext context, String instanceUuid, Map<String, Object> updates,
                               @Nullable List<String> expectedTaskState) {
        claims.update(instanceUuid, updates,
                () -> instances.update(instanceUuid, updates, expectedTaskState, clock.instant()));
        if (updates.containsKey("vm_state") || updates.containsKey("task_state")) {
            log.info("instance {}: vm_state {}, task_state {}", instanceUuid, updates.getOrDefault("vm_state", "(same)"),
                    updates.containsKey("task_state") ? updates.get("task_state") : "(same)");
        }
    }

    public void instanceFaultCreate(RequestContext context, String instanceUuid, int code, String message,
                                    @Nullable String details, @Nullable String host) {
        faults.create(instanceUuid, code, message, details, host, clock.instant());
    }

    public void actionEventStart(RequestContext context, String instanceUuid, String event, @Nullable String host) {
        long action = actions.start(instanceUuid, "create", context, clock.instant());
        actions.eventStart(action, event, host, clock.instant());
    }

    public void actionEventFinish(RequestContext context, String instanceUuid, String event, String result,
                                  @Nullable String traceback) {
        long action = actions.start(instanceUuid, "create", context, clock.instant());
        actions.eventFinish(action, event, result, traceback, clock.instant());
    }
}
