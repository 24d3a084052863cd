package org.novasim.compute;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import io.micrometer.core.instrument.MeterRegistry;

import org.novasim.messaging.MessagingException;
import org.novasim.messaging.RemoteError;
import org.novasim.messaging.RequestContext;
import org.novasim.nova.compute.TaskState;
import org.novasim.nova.compute.VmState;
import org.novasim.nova.conductor.ComputeNodeResources;
import org.novasim.nova.conductor.ConductorRpcApi;
import org.novasim.nova.objects.NovaObjects;
import org.novasim.nova.objects.RemoteObject;
import org.novasim.nova.objects.Services;
import org.novasim.nova.objects.ZedObjectVersions;
import org.novasim.nova.scheduler.SchedulerRpcApi;

import tools.jackson.databind.JsonNode;

/**
 * Each simulated host's periodic tasks, as N Zed nova-compute processes run them, each sending what Zed's sends:
 * the heartbeat ({@code report_state}: {@code report_count += 1; Service.save()}) every {@code report_interval},
 * {@code update_available_resource} (the host's instances and migrations read, the compute node saved only when it
 * changed), {@code _sync_scheduler_instance_info}, {@code _heal_instance_info_cache}, {@code _sync_power_states},
 * and the cleanups of {@code instance_delete_interval} and {@code running_deleted_instance_poll_interval}. Each
 * task of each host has a timer of its own, its first run spread over its interval, so that 2,000 hosts send a
 * steady trickle rather than a burst; tasks run concurrently, and one whose previous run still waits skips its turn
 * (as Nova's looping call would run late) and says so, never queueing behind another.
 */
final class PeriodicTasks implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PeriodicTasks.class);
    static final String BINARY = "nova-compute";
    static final String TOPIC = "compute";
    /** The periodic tasks, by Nova's names: what the meters and logs call them. */
    static final String REPORT_STATE = "report_state";
    static final String UPDATE_AVAILABLE_RESOURCE = "update_available_resource";
    static final String SYNC_SCHEDULER_INSTANCE_INFO = "_sync_scheduler_instance_info";
    static final String HEAL_INSTANCE_INFO_CACHE = "_heal_instance_info_cache";
    static final String SYNC_POWER_STATES = "_sync_power_states";
    static final String RUN_PENDING_DELETES = "_run_pending_deletes";
    static final String CLEANUP_INCOMPLETE_MIGRATIONS = "_cleanup_incomplete_migrations";
    static final String CLEANUP_EXPIRED_CONSOLE_AUTH_TOKENS = "_cleanup_expired_console_auth_tokens";
    static final String CLEANUP_RUNNING_DELETED_INSTANCES = "_cleanup_running_deleted_instances";
    static final String RUN_IMAGE_CACHE_MANAGER_PASS = "_run_image_cache_manager_pass";
    /** The attributes Zed's resource tracker loads with a node's instances. */
    private static final List<String> TRACKED_ATTRS = List.of("system_metadata", "numa_topology", "flavor",
            "migration_context", "resources");

    private final ComputeProperties properties;
    private final SimulatedDriver driver;
    private final ReportMeters meters;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("periodic-tasks-timer").daemon().factory());
    private final ExecutorService runs = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("periodic-task-", 0).factory());

    PeriodicTasks(ComputeProperties properties, SimulatedDriver driver, MeterRegistry registry) {
        this.properties = properties;
        this.driver = driver;
        this.meters = new ReportMeters(registry);
    }

    /** One task: its name, interval, whether it runs at start (Nova's {@code run_immediately}) and its body. */
    private record Task(String name, Duration interval, boolean atStart, Consumer<RequestContext> body) {
    }

    /**
     * Starts every host's timers: host i's first run of a task comes i/N of the task's interval after the start (or
     * at i/N of the report interval for the tasks that run at start); its first report registers it.
     */
    void start(List<HostLink> links) {
        long reportInterval = properties.reportInterval().toMillis();
        for (int i = 0; i < links.size(); i++) {
            Host host = new Host(links.get(i));
            long startOffset = reportInterval * i / links.size();
            Beat heartbeat = new Beat(host.name, REPORT_STATE);
            // Nova's service start: the service found or created, then the first update_available_resource.
            timer.schedule(() -> submit(heartbeat, host::register), startOffset, TimeUnit.MILLISECONDS);
            for (Task task : host.tasks()) {
                if (task.interval().isZero()) {
                    continue;
                }
                long interval = task.interval().toMillis();
                Beat beat = task.name().equals(REPORT_STATE) ? heartbeat : new Beat(host.name, task.name());
                long first = task.atStart() ? startOffset : startOffset + interval * i / links.size() + interval;
                timer.scheduleAtFixedRate(() -> submit(beat, task.body()), first, interval, TimeUnit.MILLISECONDS);
            }
        }
        log.info("{} hosts run Zed's periodic tasks: report_state every {}, update_available_resource every {}, {}",
                links.size(), properties.reportInterval(), properties.updateResourcesInterval(), properties.periodic());
    }

    private void submit(Beat beat, Consumer<RequestContext> task) {
        if (!beat.busy().compareAndSet(false, true)) {
            meters.skipped(beat.name());
            log.warn("{} of host {} skipped: the previous one is still waiting for the conductor", beat.name(), beat.host());
            return;
        }
        runs.execute(() -> {
            RequestContext context = RequestContext.admin();
            MDC.put(RequestContext.MDC_KEY, context.requestId());
            long start = System.nanoTime();
            try {
                task.accept(context);
                meters.sent(beat.name(), System.nanoTime() - start, true);
                int failed = beat.failures().getAndSet(0);
                if (failed > 0) {
                    log.info("{} of host {} goes through again, after {} failed", beat.name(), beat.host(), failed);
                }
            } catch (MessagingException e) {
                meters.sent(beat.name(), System.nanoTime() - start, false);
                // Told once until it goes through again: thousands of hosts failing every interval drown a log.
                if (beat.failures().getAndIncrement() == 0) {
                    log.warn("{} of host {} failed: {}; told again once it goes through", beat.name(), beat.host(),
                            e.getMessage());
                } else {
                    log.debug("{} of host {} failed again: {}", beat.name(), beat.host(), e.getMessage());
                }
            } finally {
                beat.busy().set(false);
                MDC.remove(RequestContext.MDC_KEY);
            }
        });
    }

    /** One task of one host, whether a run is in flight, and how many failed since one went through. */
    private record Beat(String host, String name, AtomicBoolean busy, AtomicInteger failures) {
        Beat(String host, String name) {
            this(host, name, new AtomicBoolean(), new AtomicInteger());
        }
    }

    /** One host's tasks, each call bounded by the report interval so that none outlives its turn. */
    private final class Host {
        final String name;
        final ConductorRpcApi conductor;
        final SchedulerRpcApi scheduler;
        final ResourceTracker tracker;
        /** The host's service as the conductor answered it; null until it is registered. */
        private volatile RemoteObject service;
        /** {@code _instance_uuids_to_heal}: what is left of the host's instances to refresh, one per run. */
        private final Deque<String> toHeal = new ArrayDeque<>();

        Host(HostLink link) {
            this.name = link.host();
            this.conductor = link.conductor().withTimeout(properties.reportInterval());
            this.scheduler = link.scheduler();
            this.tracker = new ResourceTracker(conductor);
        }

        List<Task> tasks() {
            ComputeProperties.Periodic periodic = properties.periodic();
            return List.of(new Task(REPORT_STATE, properties.reportInterval(), false, this::heartbeat),
                    new Task(UPDATE_AVAILABLE_RESOURCE, properties.updateResourcesInterval(), false,
                            this::updateAvailableResource),
                    new Task(SYNC_SCHEDULER_INSTANCE_INFO, periodic.schedulerInstanceSyncInterval(), false,
                            this::syncSchedulerInstanceInfo),
                    new Task(HEAL_INSTANCE_INFO_CACHE, periodic.healInstanceInfoCacheInterval(), false,
                            this::healInstanceInfoCache),
                    new Task(SYNC_POWER_STATES, periodic.syncPowerStateInterval(), true, this::syncPowerStates),
                    new Task(RUN_PENDING_DELETES, periodic.instanceDeleteInterval(), false, this::runPendingDeletes),
                    new Task(CLEANUP_INCOMPLETE_MIGRATIONS, periodic.instanceDeleteInterval(), false,
                            this::cleanupIncompleteMigrations),
                    new Task(CLEANUP_EXPIRED_CONSOLE_AUTH_TOKENS, periodic.instanceDeleteInterval(), false,
                            this::cleanupExpiredConsoleAuthTokens),
                    new Task(CLEANUP_RUNNING_DELETED_INSTANCES, periodic.runningDeletedInstancePollInterval(), true,
                            this::cleanupRunningDeletedInstances),
                    new Task(RUN_IMAGE_CACHE_MANAGER_PASS, periodic.imageCacheManagerInterval(), false,
                            this::runImageCacheManagerPass));
        }

        void register(RequestContext context) {
            heartbeat(context);
            updateAvailableResource(context);
            log.debug("host {} reported its service and compute node", name);
        }

        /** Nova's {@code _report_state}; the first one finds or creates the service, as {@code Service.start}. */
        void heartbeat(RequestContext context) {
            if (service == null) {
                service = Services.findOrCreate(conductor, context, name, BINARY, TOPIC);
                return;
            }
            Services.heartbeat(conductor, context, service);
        }

        /**
         * As Zed's: the host's nodes read, the node initialized (looked up, created on the first run), its instances
         * and migrations read, then the node saved when it changed.
         */
        void updateAvailableResource(RequestContext context) {
            ComputeNodeResources resources = properties.nodeResources(name);
            classAction(context, NovaObjects.COMPUTE_NODE_LIST, "get_all_by_host", ZedObjectVersions.COMPUTE_NODE_LIST,
                    List.of(name), Map.of("use_slave", true));
            tracker.init(context, resources);
            classAction(context, NovaObjects.INSTANCE_LIST, "get_by_host_and_node", ZedObjectVersions.INSTANCE_LIST,
                    List.of(name, resources.hypervisorHostname()), Map.of("expected_attrs", TRACKED_ATTRS));
            classAction(context, NovaObjects.MIGRATION_LIST, "get_in_progress_and_error",
                    ZedObjectVersions.MIGRATION_LIST, List.of(name, resources.hypervisorHostname()), Map.of());
            tracker.update(context, resources);
        }

        void syncSchedulerInstanceInfo(RequestContext context) {
            scheduler.syncInstanceInfo(context, name, uuids(instancesOnHost(context)));
        }

        /**
         * One instance's network info refreshed per run, round robin over the host's instances, as Zed's does; the
         * refresh itself is Neutron's REST API in Zed, not the bus: what the bus carries is the info cache saved.
         */
        void healInstanceInfoCache(RequestContext context) {
            JsonNode instance = null;
            if (toHeal.isEmpty()) {
                for (JsonNode candidate : instancesOnHost(context)) {
                    JsonNode data = candidate.path("nova_object.data");
                    if (VmState.BUILDING.value().equals(data.path("vm_state").asString(""))
                            || TaskState.DELETING.value().equals(data.path("task_state").asString(""))) {
                        continue;
                    }
                    if (instance == null) {
                        instance = candidate;
                    } else {
                        toHeal.add(data.path("uuid").asString());
                    }
                }
            } else {
                while (instance == null && !toHeal.isEmpty()) {
                    instance = reloaded(context, toHeal.removeFirst());
                }
            }
            if (instance == null || !instance.path("nova_object.data").path("info_cache").isObject()) {
                return;
            }
            RemoteObject.loaded(instance.path("nova_object.data").get("info_cache"), NovaObjects.INSTANCE_INFO_CACHE,
                    NovaObjects.INSTANCE_INFO_CACHE_VERSION).touch("network_info").save(conductor, context, Map.of());
        }

        /** The instance still on this host and not being deleted, as Zed checks before healing it; else null. */
        private @Nullable JsonNode reloaded(RequestContext context, String uuid) {
            JsonNode instance;
            try {
                instance = classAction(context, NovaObjects.INSTANCE, "get_by_uuid", ZedObjectVersions.INSTANCE,
                        List.of(uuid), Map.of("expected_attrs", List.of("system_metadata", "info_cache", "flavor"),
                                "use_slave", true));
            } catch (RemoteError gone) {
                return null;
            }
            JsonNode data = instance == null ? null : instance.path("nova_object.data");
            return data == null || !name.equals(data.path("host").asString(""))
                    || TaskState.DELETING.value().equals(data.path("task_state").asString("")) ? null : instance;
        }

        /**
         * The host's instances read, and each one with no task in progress refreshed and compared with what the
         * driver runs, as Zed's {@code _sync_instance_power_state}; a state that differs is saved. An instance the
         * driver does not know (run before this process started) is left as the database has it.
         */
        void syncPowerStates(RequestContext context) {
            for (JsonNode listed : instancesOnHost(context)) {
                if (!listed.path("nova_object.data").path("task_state").isNull()) {
                    continue;
                }
                RemoteObject instance = RemoteObject.loaded(listed, NovaObjects.INSTANCE, NovaObjects.INSTANCE_VERSION);
                instance.remote(conductor, context, "refresh", Map.of("use_slave", true));
                Integer running = driver.powerState(name, instance.get("uuid").asString());
                if (running != null && instance.get("task_state").isNull()
                        && running != instance.get("power_state").asInt()) {
                    instance.set("power_state", running).save(conductor, context, Map.of());
                }
            }
        }

        /** Deleted instances whose files are left: NovaSim's driver leaves none, so the list is always empty. */
        void runPendingDeletes(RequestContext context) {
            classAction(context, NovaObjects.INSTANCE_LIST, "get_by_filters", ZedObjectVersions.INSTANCE_LIST,
                    List.of(Map.of("deleted", true, "soft_deleted", false, "host", name, "cleaned", false)),
                    Map.of("expected_attrs", List.of("system_metadata"), "use_slave", true));
        }

        /** Migrations in error on this host; Zed reads their instances only when there are some. */
        void cleanupIncompleteMigrations(RequestContext context) {
            classAction(context, NovaObjects.MIGRATION_LIST, "get_by_filters", ZedObjectVersions.MIGRATION_LIST,
                    List.of(Map.of("host", name, "status", "error")), Map.of());
        }

        void cleanupExpiredConsoleAuthTokens(RequestContext context) {
            classAction(context, NovaObjects.CONSOLE_AUTH_TOKEN, "clean_expired_console_auths",
                    ZedObjectVersions.CONSOLE_AUTH_TOKEN, List.of(), Map.of());
        }

        /** What the driver runs that the database says is deleted; Zed asks only when the driver runs something. */
        void cleanupRunningDeletedInstances(RequestContext context) {
            List<String> running = driver.instanceUuids(name);
            if (running.isEmpty()) {
                return;
            }
            classAction(context, NovaObjects.INSTANCE_LIST, "get_by_filters", ZedObjectVersions.INSTANCE_LIST,
                    List.of(Map.of("deleted", true, "soft_deleted", false, "uuid", running)),
                    Map.of("use_slave", true));
        }

        /** The instances of the hosts sharing this one's image cache: NovaSim's hosts share no storage. */
        void runImageCacheManagerPass(RequestContext context) {
            classAction(context, NovaObjects.INSTANCE_LIST, "get_by_filters", ZedObjectVersions.INSTANCE_LIST,
                    List.of(Map.of("deleted", false, "soft_deleted", true, "host", List.of(name))),
                    Map.of("expected_attrs", List.of(), "use_slave", true));
        }

        /** {@code InstanceList.get_by_host(expected_attrs=[], use_slave=True)}: the instances' primitives. */
        private List<JsonNode> instancesOnHost(RequestContext context) {
            JsonNode list = classAction(context, NovaObjects.INSTANCE_LIST, "get_by_host",
                    ZedObjectVersions.INSTANCE_LIST, List.of(name), Map.of("expected_attrs", List.of(),
                            "use_slave", true));
            List<JsonNode> instances = new ArrayList<>();
            if (list != null) {
                list.path("nova_object.data").path("objects").forEach(instances::add);
            }
            return instances;
        }

        private List<String> uuids(List<JsonNode> instances) {
            return instances.stream().map(i -> i.path("nova_object.data").path("uuid").asString()).toList();
        }

        private @Nullable JsonNode classAction(RequestContext context, String objname, String objmethod,
                                               Map<String, String> versions, List<?> args, Map<String, ?> kwargs) {
            return conductor.objectClassAction(context, objname, objmethod, versions, args, kwargs);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        runs.shutdownNow();
    }
}
