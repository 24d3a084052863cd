package org.novasim.compute;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import org.novasim.messaging.RequestContext;
import org.novasim.messaging.Target;
import org.novasim.messaging.rpc.RpcServerFactory;
import org.novasim.nova.compute.ComputeRpcApi;
import org.novasim.nova.objects.Flavor;
import org.novasim.nova.objects.Instance;
import org.novasim.nova.objects.NetworkRequestList;
import org.novasim.nova.objects.Selection;
import org.novasim.testpeers.RecordingComputeTask;
import org.novasim.testpeers.RecordingConductor;
import org.novasim.testpeers.RecordingNetwork;
import org.novasim.testsupport.TestBroker;

/** Builds on simulated hosts, with stand-ins for the conductor and nova-network on the real broker. */
class ComputeManagerTest {

    private static final String CONDUCTOR = TestBroker.uniqueName("conductor");
    private static final String NETWORK = TestBroker.uniqueName("network");
    private static final String COMPUTE = TestBroker.uniqueName("compute");
    private static final String NOTIFICATIONS = TestBroker.uniqueName("notifications");
    private static final Flavor TINY = new Flavor("1", "m1.tiny", 1, 512, 1, 0, 0, 1.0, true, false);

    private static ConfigurableApplicationContext compute;
    private static final RecordingConductor conductor = new RecordingConductor();
    private static final RecordingComputeTask computeTask = new RecordingComputeTask();
    private static final RecordingNetwork network = new RecordingNetwork();
    private static ComputeRpcApi computeApi;
    private final RequestContext ctx = RequestContext.of(RequestContext.newRequestId(), "alice", "project-a", List.of(), false);

    @BeforeAll
    static void start() {
        List<String> args = new ArrayList<>(TestBroker.get().springProperties());
        args.addAll(List.of("nova.rpc.transport-url=" + TestBroker.get().transportUrl(),
                "nova.rpc.control-exchange=" + TestBroker.uniqueName("test_compute"), "nova.rpc.host=cm",
                "nova.rpc.amqp-auto-delete=true", "nova.rpc.rabbit-transient-queues-ttl=60s",
                "nova.topics.conductor=" + CONDUCTOR, "nova.topics.network=" + NETWORK, "nova.topics.compute=" + COMPUTE,
                "nova.compute.hosts=good,bad", "nova.compute.driver.fail-hosts=bad",
                "nova.compute.driver.boot-delay=50ms", "nova.compute.network-timeout=1s",
                "nova.compute.report-interval=1h", "nova.rpc.notifications.topics=" + NOTIFICATIONS,
                "nova.rpc.rpc-response-timeout=" + RecordingConductor.REPLY_DELAY.minusSeconds(1).toSeconds() + "s"));
        compute = new SpringApplicationBuilder(NovaComputeApplication.class).web(WebApplicationType.NONE)
                .run(args.stream().map(a -> "--" + a).toArray(String[]::new));
        RpcServerFactory servers = compute.getBean(RpcServerFactory.class);
        servers.start(Target.topic(CONDUCTOR).withServer("stub"), List.of(conductor, computeTask));
        servers.start(Target.topic(NETWORK).withServer("stub"), List.of(network));
        computeApi = compute.getBean(ComputeRpcApi.class);
    }

    @AfterAll
    static void stop() {
        if (compute != null) {
            RabbitTemplate raw = new RabbitTemplate(compute.getBean(ConnectionFactory.class));
            raw.execute(channel -> channel.queueDelete(NOTIFICATIONS + ".info"));
            raw.execute(channel -> channel.queueDelete(NOTIFICATIONS + ".error"));
            compute.close();
        }
    }

    private static Instance instance(String uuid) {
        return new Instance(uuid, "vm", "project-a", "alice", TINY, "img");
    }

    private static Map<String, Object> retry() {
        return Map.of("retry", Map.of("num_attempts", 1, "hosts", List.of()));
    }

    @Test
    void aBuildWalksNovasStatesToActiveWithItsAddresses() {
        computeApi.buildAndRunInstance(ctx, "good", instance("ok-1"), Map.of("id", "img"), retry(), "pw", NetworkRequestList.auto(), "good", List.of());

        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> "active".equals(conductor.state("ok-1").get("vm_state")));
        assertThat(conductor.updates.get("ok-1")).extracting(u -> u.get("task_state"))
                .containsExactly(null, "networking", "block_device_mapping", "spawning", null);
        Map<String, Object> state = conductor.state("ok-1");
        assertThat(state).containsEntry("host", "good").containsEntry("power_state", 1).containsKey("launched_at");
        assertThat(state.get("network_info").toString()).contains("10.0.0.7");
        assertThat(network.allocated).contains("ok-1");
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> conductor.events.getOrDefault("ok-1", List.of())
                .equals(List.of(ComputeManager.BUILD_EVENT + ":start", ComputeManager.BUILD_EVENT + ":Success")));
        // basic.get, not a consumer: the queue auto-deletes in these tests once a consumer has come and gone.
        RabbitTemplate raw = new RabbitTemplate(compute.getBean(ConnectionFactory.class));
        List<String> notified = new ArrayList<>();
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> {
            Message m;
            while ((m = raw.receive(NOTIFICATIONS + ".info")) != null) {
                String body = new String(m.getBody(), StandardCharsets.UTF_8);
                if (body.contains("ok-1")) {
                    notified.add(body.contains("instance.create.start") ? "start"
                            : body.contains("instance.create.end") ? "end" : "?");
                }
            }
            return notified.size() >= 2;
        });
        assertThat(notified).containsExactly("start", "end");
    }

    @Test
    void networkNoneSkipsTheNetworkingStep() {
        computeApi.buildAndRunInstance(ctx, "good", instance("ok-none"), Map.of(), retry(), null, NetworkRequestList.none(), "good", List.of());

        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> "active".equals(conductor.state("ok-none").get("vm_state")));
        assertThat(conductor.updates.get("ok-none")).extracting(u -> u.get("task_state")).doesNotContain("networking");
        assertThat(network.allocated).doesNotContain("ok-none");
    }

    @Test
    void aSpawnFailureGoesBackToTheConductorWithTheAlternates() throws Exception {
        computeApi.buildAndRunInstance(ctx, "bad", instance("resched-1"), Map.of(), retry(), null, NetworkRequestList.auto(), "bad",
                List.of(new Selection("good", "good")));

        RecordingComputeTask.Reschedule reschedule = computeTask.reschedules.poll(20, TimeUnit.SECONDS);
        assertThat(reschedule).isNotNull();
        assertThat(reschedule.instance().uuid()).isEqualTo("resched-1");
        assertThat(reschedule.hostLists()).containsExactly(List.of(new Selection("good", "good")));
        assertThat(conductor.state("resched-1")).containsEntry("task_state", "scheduling").containsEntry("host", null);
        assertThat(network.deallocated).contains("resched-1");
    }

    @Test
    void aSpawnFailureWithoutAlternatesEndsInErrorWithAFault() {
        computeApi.buildAndRunInstance(ctx, "bad", instance("fail-1"), Map.of(), retry(), null, NetworkRequestList.none(), "bad", List.of());

        awaitFailed("fail-1");
        assertThat(conductor.faults.get("fail-1")).singleElement().asString()
                .startsWith("Build of instance fail-1 was re-scheduled: Simulated spawn failure");
    }

    @Test
    void anExhaustedPoolAbortsTheBuildWithoutReschedule() {
        computeApi.buildAndRunInstance(ctx, "good", instance("full-1"), Map.of(), retry(), null, NetworkRequestList.auto(), "good",
                List.of(new Selection("bad", "bad")));

        awaitFailed("full-1");
        assertThat(conductor.faults.get("full-1")).singleElement().asString()
                .contains("Failed to allocate the network(s), not rescheduling").contains("NoMoreFixedIps");
        assertThat(conductor.state("full-1")).containsEntry("host", null);
        assertThat(computeTask.reschedules).noneMatch(r -> r.instance().uuid().equals("full-1"));
    }

    @Test
    void aNetworkThatDoesNotAnswerInTimeEndsTheBuildInError() {
        computeApi.buildAndRunInstance(ctx, "good", instance("slow-1"), Map.of(), retry(), null, NetworkRequestList.auto(), "good", List.of());

        awaitFailed("slow-1");
        assertThat(conductor.faults.get("slow-1")).singleElement().asString().contains("Timed out waiting for a reply");
        assertThat(conductor.events.get("slow-1")).contains(ComputeManager.BUILD_EVENT + ":Error");
    }

    @Test
    void aFailedBuildWhoseFaultIsLostStaysBuildingForTheWatchdogRatherThanErrorWithoutAFault() {
        String uuid = RecordingConductor.UNRECORDABLE + "1";
        computeApi.buildAndRunInstance(ctx, "bad", instance(uuid), Map.of(), retry(), null, NetworkRequestList.none(), "bad", List.of());

        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> conductor.faults.containsKey(uuid));
        Awaitility.await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> !"error".equals(conductor.state(uuid).get("vm_state")));
    }

    @Test
    void aFailedBuildWhoseRepliesAreLostStillEndsInErrorWithItsFault() {
        String uuid = RecordingConductor.REPLY_LOST + "1";
        computeApi.buildAndRunInstance(ctx, "bad", instance(uuid), Map.of(), retry(), null, NetworkRequestList.none(), "bad", List.of());

        awaitFailed(uuid);
        assertThat(conductor.faults.get(uuid)).hasSize(2).allMatch(f -> f.contains("Simulated spawn failure"));
    }

    /** A failed build is several calls (ERROR, the fault, the event's end): wait until the last has come. */
    private static void awaitFailed(String uuid) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> "error".equals(conductor.state(uuid).get("vm_state"))
                && conductor.faults.containsKey(uuid)
                && conductor.events.getOrDefault(uuid, List.of()).contains(ComputeManager.BUILD_EVENT + ":Error"));
    }
}
