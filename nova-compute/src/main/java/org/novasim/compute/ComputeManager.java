package org.novasim.compute;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.novasim.messaging.MessagingException;
import org.novasim.messaging.MessagingTimeout;
import org.novasim.messaging.RemoteError;
import org.novasim.messaging.RequestContext;
import org.novasim.messaging.notify.Notifier;
import org.novasim.messaging.notify.VersionedPayload;
import org.novasim.messaging.rpc.Args;
import org.novasim.messaging.rpc.RpcEndpoint;
import org.novasim.messaging.wire.OsloJson;
import org.novasim.nova.compute.ComputeRpcApi;
import org.novasim.nova.compute.PowerState;
import org.novasim.nova.compute.TaskState;
import org.novasim.nova.compute.VmState;
import org.novasim.nova.conductor.ComputeTaskRpcApi;
import org.novasim.nova.conductor.ConductorRpcApi;
import org.novasim.nova.network.NetworkRpcApi;
import org.novasim.nova.network.Vif;
import org.novasim.nova.objects.BlockDeviceMappingList;
import org.novasim.nova.objects.DateTimeField;
import org.novasim.nova.objects.Instance;
import org.novasim.nova.objects.NetworkRequestList;
import org.novasim.nova.objects.NovaObjects;
import org.novasim.nova.objects.RemoteObject;
import org.novasim.nova.objects.RequestSpec;
import org.novasim.nova.objects.Selection;
import org.novasim.nova.objects.ZedObjectVersions;
import org.novasim.nova.scheduler.SchedulerRpcApi;

import tools.jackson.databind.JsonNode;

/**
 * One simulated host's RPC endpoint, as Nova's {@code ComputeManager}: it builds instances through Nova's states
 * (task_state networking, block_device_mapping, spawning; vm_state building to active), every change recorded
 * through the conductor, the addresses from nova-network. A spawn that fails goes back to the conductor for the next
 * alternate; a network that fails ends the build in ERROR with a fault.
 */
@RpcEndpoint(topic = ComputeRpcApi.TOPIC_PLACEHOLDER, version = "6.1")
public class ComputeManager {

    private static final Logger log = LoggerFactory.getLogger(ComputeManager.class);
    static final String BUILD_EVENT = "compute__do_build_and_run_instance";

    private final String host;
    private final ConductorRpcApi conductor;
    private final ComputeTaskRpcApi computeTask;
    private final NetworkRpcApi network;
    private final SchedulerRpcApi scheduler;
    private final SimulatedDriver driver;
    private final Notifier notifier;

    ComputeManager(String host, ConductorRpcApi conductor, ComputeTaskRpcApi computeTask, NetworkRpcApi network,
                   SchedulerRpcApi scheduler, SimulatedDriver driver, Notifier notifier) {
        this.host = host;
        this.conductor = conductor;
        this.computeTask = computeTask;
        this.network = network;
        this.scheduler = scheduler;
        this.driver = driver;
        this.notifier = notifier.prepare("nova-compute:" + host);
    }

    /** Build failures that end the instance in ERROR (Nova's BuildAbortException). */
    private static final class BuildAbort extends RuntimeException {
        BuildAbort(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public void buildAndRunInstance(RequestContext context, Instance instance, @Nullable Map<String, Object> image,
                                    @Nullable RequestSpec requestSpec, @Nullable Map<String, Object> filterProperties,
                                    @Nullable List<String> accelUuids, @Nullable String adminPassword,
                                    @Nullable List<Object> injectedFiles, @Nullable NetworkRequestList requestedNetworks,
                                    @Nullable List<Object> securityGroups,
                                    @Nullable BlockDeviceMappingList blockDeviceMapping,
                                    @Nullable String node, @Nullable Map<String, Object> limits,
                                    @Nullable List<Selection> hostList) throws InterruptedException {
        String uuid = instance.uuid();
        RemoteObject saved = loaded(instance);
        try {
            eventStart(context, uuid, BUILD_EVENT);
            notifier.info(context, "instance.create.start", payload(instance, "building"));
            save(context, saved, Args.of("vm_state", VmState.BUILDING, "task_state", null, "host", host,
                    "node", node == null ? host : node, "launched_on", host), TaskState.SCHEDULING, null);
            if (requestedNetworks == null || !requestedNetworks.noAllocate()) {
                save(context, saved, Args.of("task_state", TaskState.NETWORKING), (TaskState) null);
                saveNetworkInfo(context, saved, allocateNetwork(context, instance));
            }
            save(context, saved, Args.of("task_state", TaskState.BLOCK_DEVICE_MAPPING), TaskState.NETWORKING, null);
            save(context, saved, Args.of("task_state", TaskState.SPAWNING), TaskState.BLOCK_DEVICE_MAPPING);
            int powerState = driver.spawn(host, instance);
            save(context, saved, Args.of("vm_state", VmState.ACTIVE, "task_state", null, "power_state", powerState,
                    "launched_at", DateTimeField.of(Instant.now())), TaskState.SPAWNING);
            log.info("instance {} is ACTIVE on {}", uuid, host);
            tellSchedulers(() -> scheduler.updateInstanceInfo(context, host, saved.toPrimitive()));
            notifier.info(context, "instance.create.end", payload(instance, "active"));
            eventFinish(context, uuid, BUILD_EVENT, null);
        } catch (SimulatedDriver.SpawnFailure e) {
            reschedule(context, instance, saved, image, filterProperties, adminPassword, requestedNetworks, hostList,
                    e);
        } catch (BuildAbort e) {
            fail(context, instance, saved, e.getMessage(), e);
        } catch (RemoteError e) {
            // The conductor refused an update: the instance is being deleted or is gone. The delete finishes it.
            log.info("build of instance {} stopped: {}", uuid, e.getMessage());
            deallocateQuietly(context, instance);
        } catch (MessagingException e) {
            // The conductor did not answer in time (the broker restarting, say): one more try to say so on the
            // instance; if that fails too, the conductor's build watchdog ends it.
            log.warn("build of instance {} stopped: {}", uuid, e.getMessage());
            try {
                fail(context, instance, saved, "Build of instance " + uuid + " aborted: " + e.getMessage(), e);
            } catch (MessagingException again) {
                log.warn("could not put instance {} in ERROR: {}", uuid, again.getMessage());
            }
        } catch (RuntimeException e) {
            // Whatever else went wrong, the instance ends in ERROR with the reason, never stays in BUILD.
            fail(context, instance, saved, "Build of instance " + uuid + " aborted: " + e, e);
        }
    }

    private List<Vif> allocateNetwork(RequestContext context, Instance instance) {
        try {
            // An instance sent without its flavor gets the flavor's default factor, as Nova's Flavor.rxtx_factor.
            return network.allocateForInstance(context, instance.uuid(), instance.projectId(), host,
                    instance.flavor() == null ? 1.0 : instance.flavor().rxtxFactor(), false);
        } catch (MessagingException e) {
            throw new BuildAbort("Build of instance " + instance.uuid() + " aborted: Failed to allocate the network(s),"
                    + " not rescheduling. " + e.getMessage(), e);
        }
    }

    private void reschedule(RequestContext context, Instance instance, RemoteObject saved, Map<String, Object> image,
                            Map<String, Object> filterProperties, String adminPassword,
                            NetworkRequestList requestedNetworks, List<Selection> hostList, RuntimeException reason) {
        String message = "Build of instance " + instance.uuid() + " was re-scheduled: " + reason.getMessage();
        if (hostList == null || hostList.isEmpty() || filterProperties == null || !filterProperties.containsKey("retry")) {
            fail(context, instance, saved, message, reason);
            return;
        }
        deallocateQuietly(context, instance);
        save(context, saved, Args.of("task_state", TaskState.SCHEDULING, "host", null, "node", null),
                TaskState.SPAWNING);
        eventFinish(context, instance.uuid(), BUILD_EVENT, message);
        log.info("instance {} failed to spawn on {}; rescheduling", instance.uuid(), host);
        computeTask.buildInstances(context, instance, image, filterProperties, adminPassword, requestedNetworks, hostList);
    }

    private void fail(RequestContext context, Instance instance, RemoteObject saved, String message, Throwable cause) {
        deallocateQuietly(context, instance);
        // The fault before the state, as Nova's build path: an instance is never in ERROR without its fault.
        onceMoreIfUnanswered(instance, () -> RemoteObject.created(NovaObjects.INSTANCE_FAULT,
                NovaObjects.INSTANCE_FAULT_VERSION, Args.of("instance_uuid", instance.uuid(), "code", 500,
                        "message", message, "details", String.valueOf(cause), "host", host)).create(conductor, context));
        onceMoreIfUnanswered(instance, () -> save(context, saved,
                Args.of("vm_state", VmState.ERROR, "task_state", null, "host", null, "node", null)));
        notifier.error(context, "instance.create.error", payload(instance, "error"));
        eventFinish(context, instance.uuid(), BUILD_EVENT, message);
        log.info("instance {} is in ERROR: {}", instance.uuid(), message);
    }

    /**
     * A failed build's bookkeeping, sent a second time if its reply is lost (a broker node failing over loses the
     * reply queue): a second fault row is harmless, an instance left in BUILD or in ERROR without a fault is not.
     */
    private static void onceMoreIfUnanswered(Instance instance, Runnable call) {
        try {
            call.run();
        } catch (MessagingTimeout e) {
            log.warn("no answer about failed instance {}, sending once more: {}", instance.uuid(), e.getMessage());
            call.run();
        }
    }

    public void terminateInstance(RequestContext context, Instance instance, @Nullable BlockDeviceMappingList bdms) {
        String event = "compute_terminate_instance";
        eventStart(context, instance.uuid(), event);
        deallocateQuietly(context, instance);
        // Nova's _delete_instance: the final states saved, then the instance destroyed (soft-deleted).
        RemoteObject saved = loaded(instance);
        save(context, saved, Args.of("vm_state", VmState.DELETED, "task_state", null,
                "power_state", PowerState.NOSTATE, "terminated_at", DateTimeField.of(Instant.now())));
        saved.remote(conductor, context, "destroy", Map.of());
        driver.destroy(host, instance.uuid());
        tellSchedulers(() -> scheduler.deleteInstanceInfo(context, host, instance.uuid()));
        eventFinish(context, instance.uuid(), event, null);
        log.info("instance {} deleted from {}", instance.uuid(), host);
    }

    public void stopInstance(RequestContext context, Instance instance, @Nullable Boolean cleanShutdown) {
        powerAction(context, instance, "compute_stop_instance", VmState.STOPPED, TaskState.POWERING_OFF,
                saved -> driver.powerOff(host, instance));
    }

    /** As Zed's {@code _power_on}: the instance's network info and block devices read first. */
    public void startInstance(RequestContext context, Instance instance) {
        powerAction(context, instance, "compute_start_instance", VmState.ACTIVE, TaskState.POWERING_ON, saved -> {
            beforePowerOn(context, saved);
            return driver.powerOn(host, instance);
        });
    }

    public void rebootInstance(RequestContext context, Instance instance, @Nullable Map<String, Object> blockDeviceInfo,
                               String rebootType) {
        boolean hard = "HARD".equalsIgnoreCase(rebootType);
        TaskState started = hard ? TaskState.REBOOT_STARTED_HARD : TaskState.REBOOT_STARTED;
        powerAction(context, instance, "compute_reboot_instance", VmState.ACTIVE, started, saved -> {
            beforePowerOn(context, saved);
            save(context, saved, Args.of("task_state", started), hard ? TaskState.REBOOTING_HARD : TaskState.REBOOTING);
            return driver.powerOn(host, instance);
        });
    }

    /**
     * A power action as Zed's {@code wrap_instance_event} frames it: the event started, the driver's work (and what
     * precedes it) done, the instance's states saved as {@code expected} allows, the event finished.
     *
     * @param work what the action does to the instance before its final save; its power state afterwards
     */
    private void powerAction(RequestContext context, Instance instance, String event, VmState vmState,
                             TaskState expected, ToIntFunction<RemoteObject> work) {
        RemoteObject saved = loaded(instance);
        eventStart(context, instance.uuid(), event);
        int powerState = work.applyAsInt(saved);
        save(context, saved, Args.of("vm_state", vmState, "task_state", null, "power_state", powerState), expected);
        eventFinish(context, instance.uuid(), event, null);
        log.info("instance {}: {} done, vm_state {}", instance.uuid(), event, vmState.value());
    }

    /**
     * What Zed's compute reads before it powers an instance on (start, reboot): its block devices
     * ({@code BlockDeviceMappingList.get_by_instance_uuid}) and its network info, which Neutron's API refreshes and
     * the compute saves in the info cache ({@code get_instance_nw_info}); NovaSim saves the cache as it is.
     */
    private void beforePowerOn(RequestContext context, RemoteObject instance) {
        conductor.objectClassAction(context, NovaObjects.BLOCK_DEVICE_MAPPING_LIST, "get_by_instance_uuid",
                ZedObjectVersions.BLOCK_DEVICE_MAPPING_LIST, List.of(instance.get("uuid").asString()), Map.of());
        JsonNode cache = instance.get("info_cache");
        if (cache != null && cache.isObject()) {
            RemoteObject.loaded(cache, NovaObjects.INSTANCE_INFO_CACHE, NovaObjects.INSTANCE_INFO_CACHE_VERSION)
                    .touch("network_info").save(conductor, context, Map.of());
        }
    }

    /** The instance as the compute got it, to change and save as Nova's compute changes its Instance. */
    private static RemoteObject loaded(Instance instance) {
        return RemoteObject.loaded(instance.toPrimitive(), NovaObjects.INSTANCE, NovaObjects.INSTANCE_VERSION);
    }

    /**
     * {@code instance.save(expected_task_state=...)}: the fields set and saved through the conductor; a null among
     * the expected states means none, no state given means no expectation.
     */
    private void save(RequestContext context, RemoteObject instance, Map<String, Object> updates,
                      TaskState... expected) {
        updates.forEach(instance::set);
        if (expected.length == 0) {
            instance.save(conductor, context, Map.of());
            return;
        }
        List<String> states = new ArrayList<>(expected.length);
        for (TaskState state : expected) {
            states.add(state == null ? null : state.value());
        }
        instance.save(conductor, context, Args.of("expected_task_state", states));
    }

    /** {@code instance.info_cache.save()}, as Nova's network API does once the ports are bound. */
    private void saveNetworkInfo(RequestContext context, RemoteObject instance, List<Vif> networkInfo) {
        JsonNode cache = instance.get("info_cache");
        RemoteObject infoCache = cache != null && !cache.isNull()
                ? RemoteObject.loaded(cache, NovaObjects.INSTANCE_INFO_CACHE, NovaObjects.INSTANCE_INFO_CACHE_VERSION)
                : RemoteObject.created(NovaObjects.INSTANCE_INFO_CACHE, NovaObjects.INSTANCE_INFO_CACHE_VERSION,
                        Args.of("instance_uuid", instance.get("uuid").asString()));
        infoCache.set("network_info", OsloJson.mapper().writeValueAsString(networkInfo)).save(conductor, context,
                Map.of());
    }

    /** {@code InstanceActionEvent.event_start}, as Nova's {@code wrap_instance_event} opens an event. */
    private void eventStart(RequestContext context, String uuid, String event) {
        conductor.objectClassAction(context, NovaObjects.INSTANCE_ACTION_EVENT, "event_start",
                ZedObjectVersions.INSTANCE_ACTION_EVENT, List.of(uuid, event), Args.of("want_result", false,
                        "host", host));
    }

    /**
     * {@code InstanceActionEvent.event_finish_with_failure}, as Nova's {@code EventReporter} closes every event:
     * with the failure's message and traceback when there was one (the event's result is then Error).
     */
    private void eventFinish(RequestContext context, String uuid, String event, @Nullable String failure) {
        conductor.objectClassAction(context, NovaObjects.INSTANCE_ACTION_EVENT, "event_finish_with_failure",
                ZedObjectVersions.INSTANCE_ACTION_EVENT, List.of(uuid, event), Args.of("exc_val", failure,
                        "exc_tb", failure, "want_result", false));
    }

    /**
     * The schedulers' view of this host's instances ({@code track_instance_changes}): a fanout cast nobody may be
     * listening to, and no reason to fail what the instance went through.
     */
    private void tellSchedulers(Runnable cast) {
        try {
            cast.run();
        } catch (MessagingException e) {
            log.warn("could not tell the schedulers about host {}'s instances: {}", host, e.getMessage());
        }
    }

    private void deallocateQuietly(RequestContext context, Instance instance) {
        try {
            network.deallocateForInstance(context, instance.uuid(), instance.projectId(), host);
        } catch (MessagingException e) {
            log.warn("could not free the addresses of instance {}: {}", instance.uuid(), e.getMessage());
        }
    }

    private static VersionedPayload payload(Instance instance, String state) {
        return new VersionedPayload("nova_object", "nova", "InstanceCreatePayload", "1.12",
                Args.of("uuid", instance.uuid(), "display_name", instance.displayName(), "tenant_id",
                        instance.projectId(), "user_id", instance.userId(), "state", state));
    }
}
