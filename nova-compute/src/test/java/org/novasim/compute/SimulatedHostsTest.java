package org.novasim.compute;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import io.micrometer.core.instrument.MeterRegistry;

import org.novasim.messaging.RequestContext;
import org.novasim.messaging.Target;
import org.novasim.messaging.rpc.RpcEndpoint;
import org.novasim.messaging.rpc.RpcServerFactory;
import org.novasim.nova.compute.ComputeRpcApi;
import org.novasim.nova.conductor.ComputeNodeResources;
import org.novasim.nova.conductor.ConductorRpcApi;
import org.novasim.nova.objects.Flavor;
import org.novasim.nova.objects.Instance;
import org.novasim.nova.scheduler.SchedulerRpcApi;
import org.novasim.testpeers.RecordingConductor;
import org.novasim.testsupport.TestBroker;

/**
 * Simulated hosts on the real broker, in both modes: every host reports on its own timer and serves its own queues;
 * compact mode spreads consumers over connections, per-host mode gives each host a connection of its own.
 */
class SimulatedHostsTest {

    private static final Flavor TINY = new Flavor("1", "m1.tiny", 1, 512, 1, 0, 0, 1.0, true, false);
    private final String conductorTopic = TestBroker.uniqueName("conductor");
    private final String computeTopic = TestBroker.uniqueName("compute");
    private final String schedulerTopic = TestBroker.uniqueName("scheduler");

    @Test
    void compactModeSpreadsHostsOverConnectionsAndEveryHostReportsAndServes() throws Exception {
        String base = TestBroker.uniqueName("compact");
        try (ConfigurableApplicationContext compute = start(base, "nova.compute.host-count=5",
                "nova.compute.hosts-per-connection=2", "nova.compute.memory-mb=4096")) {
            RecordingConductor conductor = startConductor(compute, new RecordingConductor());
            List<String> hosts = List.of(base + "-1", base + "-2", base + "-3", base + "-4", base + "-5");

            awaitHeartbeats(conductor, hosts, 3);
            assertThat(conductor.nodes).contains(new ComputeNodeResources(base + "-2", base + "-2", "fake", 8, 4096, 200));
            assertEveryHostServesItsQueue(compute, conductor, hosts);
            // Two hosts per connection: the process's own and two more, named after the process.
            String pid = ":" + ProcessHandle.current().pid();
            assertThat(connections()).containsKeys("nova-compute:" + base + pid, "nova-compute:" + base + pid + ":1",
                    "nova-compute:" + base + pid + ":2").doesNotContainKey("nova-compute:" + base + pid + ":3");
        }
    }

    @Test
    void perHostModeGivesEveryHostTheConnectionsOfAnOsloProcessAndItsOwnReplyQueue() throws Exception {
        String base = TestBroker.uniqueName("perhost");
        try (ConfigurableApplicationContext compute = start(base, "nova.compute.host-count=4",
                "nova.compute.broker-mode=per-host")) {
            RecordingConductor conductor = startConductor(compute, new RecordingConductor());
            List<String> hosts = List.of(base + "-1", base + "-2", base + "-3", base + "-4");

            awaitHeartbeats(conductor, hosts, 3);
            assertEveryHostServesItsQueue(compute, conductor, hosts);
            Map<String, Integer> connections = connections();
            String pid = ":" + ProcessHandle.current().pid() + ":";
            for (String host : hosts) {
                // Its server's consumers (topic, server, fanout) on one connection, its reply queue's on another, a
                // connection to send on; one channel each. The notifier's opens with its first notification.
                String stem = "nova-compute:" + host + pid;
                assertThat(connections).as("connections of %s with their channels", host)
                        .containsEntry(stem + "rpc-server-" + computeTopic + "." + host, 1)
                        .containsEntry(stem + "rpc-replies", 1)
                        .containsEntry(stem + "send", 1);
            }
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(connections().keySet()).noneMatch(name -> name.contains(base)));
    }

    @Test
    void aHostWhoseConductorIsSlowDelaysNoOtherHostsHeartbeat() {
        String base = TestBroker.uniqueName("slow");
        try (ConfigurableApplicationContext compute = start(base, "nova.compute.host-count=4")) {
            SlowForOneHost conductor = startConductor(compute, new SlowForOneHost(base + "-1", Duration.ofSeconds(3)));

            awaitHeartbeats(conductor, List.of(base + "-2", base + "-3", base + "-4"), 4);
            assertThat(conductor.heartbeats.getOrDefault(base + "-1", 0)).isLessThanOrEqualTo(1);
            // The stuck host's beats are skipped, not queued behind each other, and the skips are counted.
            Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(compute.getBean(MeterRegistry.class).find("nova.compute.reports.skipped")
                            .tag("report", PeriodicTasks.REPORT_STATE).counter()).isNotNull()
                            .satisfies(c -> assertThat(c.count()).isPositive()));
        }
    }

    /**
     * Zed's periodic tasks, at intervals made short: each host reads its node's instances and migrations on every
     * update_available_resource, its instances for the power sync and the scheduler sync (which it then casts to the
     * schedulers), and runs the cleanups, each query on the bus as Zed's.
     */
    @Test
    void everyHostRunsZedsPeriodicTasksThroughTheConductorAndTellsTheSchedulers() {
        String base = TestBroker.uniqueName("periodic");
        try (ConfigurableApplicationContext compute = start(base, "nova.compute.host-count=2",
                "nova.compute.periodic.scheduler-instance-sync-interval=1s",
                "nova.compute.periodic.heal-instance-info-cache-interval=1s",
                "nova.compute.periodic.sync-power-state-interval=1s",
                "nova.compute.periodic.instance-delete-interval=1s",
                "nova.compute.periodic.running-deleted-instance-poll-interval=1s")) {
            RecordingConductor conductor = startConductor(compute, new RecordingConductor());
            SyncedScheduler scheduler = new SyncedScheduler();
            compute.getBean(RpcServerFactory.class).start(Target.topic(schedulerTopic).withServer("stub"),
                    List.of(scheduler));
            Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                for (String host : List.of(base + "-1", base + "-2")) {
                    assertThat(conductor.queries.getOrDefault(host, List.of())).as("queries of %s", host)
                            .contains("ComputeNodeList.get_all_by_host", "InstanceList.get_by_host_and_node",
                                    "MigrationList.get_in_progress_and_error",
                                    "InstanceList.get_by_host", "InstanceList.get_by_filters",
                                    "MigrationList.get_by_filters");
                    assertThat(scheduler.synced).as("sync_instance_info of %s", host).contains(host);
                }
                assertThat(conductor.queries.getOrDefault("", List.of()))
                        .contains("ConsoleAuthToken.clean_expired_console_auths");
            });
        }
    }

    /** Stands in for nova-scheduler: the hosts that cast their instance sync to it. */
    @RpcEndpoint(topic = "started-by-the-test", version = SchedulerRpcApi.VERSION)
    public static class SyncedScheduler {
        final Set<String> synced = ConcurrentHashMap.newKeySet();

        public void syncInstanceInfo(RequestContext context, String hostName, List<String> instanceUuids) {
            synced.add(hostName);
        }
    }

    /** A conductor whose heartbeat handling for one host takes longer than the report interval. */
    @RpcEndpoint(topic = "started-by-the-test", version = ConductorRpcApi.VERSION)
    public static class SlowForOneHost extends RecordingConductor {
        private final String slowHost;
        private final Duration delay;

        SlowForOneHost(String slowHost, Duration delay) {
            this.slowHost = slowHost;
            this.delay = delay;
        }

        @Override
        protected void heartbeat(String host) {
            if (host.equals(slowHost)) {
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            super.heartbeat(host);
        }
    }

    private ConfigurableApplicationContext start(String host, String... more) {
        List<String> args = new ArrayList<>(TestBroker.get().springProperties());
        args.addAll(List.of("nova.rpc.transport-url=" + TestBroker.get().transportUrl(),
                "nova.rpc.control-exchange=" + TestBroker.uniqueName("test_compute"), "nova.rpc.host=" + host,
                "nova.rpc.amqp-auto-delete=true", "nova.rpc.rabbit-transient-queues-ttl=60s",
                "nova.topics.conductor=" + conductorTopic, "nova.topics.compute=" + computeTopic,
                "nova.topics.scheduler=" + schedulerTopic,
                "nova.compute.report-interval=300ms", "nova.compute.update-resources-interval=1s"));
        args.addAll(Arrays.asList(more));
        return new SpringApplicationBuilder(NovaComputeApplication.class).web(WebApplicationType.NONE)
                .run(args.stream().map(a -> "--" + a).toArray(String[]::new));
    }

    private <T> T startConductor(ConfigurableApplicationContext compute, T conductor) {
        compute.getBean(RpcServerFactory.class).start(Target.topic(conductorTopic).withServer("stub"), List.of(conductor));
        return conductor;
    }

    private static void awaitHeartbeats(RecordingConductor conductor, List<String> hosts, int each) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            for (String host : hosts) {
                assertThat(conductor.heartbeats.getOrDefault(host, 0)).as("heartbeats of %s", host)
                        .isGreaterThanOrEqualTo(each);
            }
        });
    }

    /** A stop cast to each host reaches that host's manager, which reports the action under its own name. */
    private static void assertEveryHostServesItsQueue(ConfigurableApplicationContext compute,
                                                      RecordingConductor conductor, List<String> hosts) {
        ComputeRpcApi api = compute.getBean(ComputeRpcApi.class);
        RequestContext context = RequestContext.of(RequestContext.newRequestId(), "alice", "project-a", List.of(), false);
        Map<String, String> instanceByHost = hosts.stream()
                .collect(Collectors.toMap(Function.identity(), h -> UUID.randomUUID().toString()));
        instanceByHost.forEach((host, uuid) -> api.stopInstance(context, host,
                new Instance(uuid, "vm", "project-a", "alice", TINY, "img")));
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> instanceByHost.values().forEach(uuid ->
                assertThat(conductor.events.get(uuid)).containsExactly("compute_stop_instance:start",
                        "compute_stop_instance:Success")));
    }

    private static final Pattern CONNECTION_NAME = Pattern.compile("\\{\"connection_name\",\"([^\"]+)\"}.*\t(\\d+)$");

    /** The broker's connections by the name their client gave them, with their channel counts. */
    private static Map<String, Integer> connections() throws Exception {
        String out = TestBroker.get().rabbitmqctl("list_connections", "-q", "--no-table-headers", "client_properties",
                "channels");
        return out.lines().map(CONNECTION_NAME::matcher).filter(Matcher::find)
                .collect(Collectors.toMap(m -> m.group(1), m -> Integer.parseInt(m.group(2)), Integer::max));
    }
}
