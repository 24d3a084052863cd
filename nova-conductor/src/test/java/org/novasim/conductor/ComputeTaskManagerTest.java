package org.novasim.conductor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

import org.novasim.conductor.db.ComputeNodeRecords;
import org.novasim.conductor.db.InstanceRecords;
import org.novasim.conductor.objects.InstanceObject;
import org.novasim.conductor.db.ServiceRecords;
import org.novasim.messaging.RequestContext;
import org.novasim.messaging.Target;
import org.novasim.messaging.rpc.RpcServerFactory;
import org.novasim.nova.conductor.ComputeNodeResources;
import org.novasim.nova.conductor.ComputeTaskRpcApi;
import org.novasim.nova.objects.BuildRequest;
import org.novasim.nova.objects.Destination;
import org.novasim.nova.objects.Flavor;
import org.novasim.nova.objects.ImageMeta;
import org.novasim.nova.objects.NetworkRequestList;
import org.novasim.nova.objects.RequestSpec;
import org.novasim.nova.objects.Selection;
import org.novasim.nova.objects.TagList;
import org.novasim.testpeers.RecordingCompute;
import org.novasim.testsupport.TestBroker;
import org.novasim.testsupport.TestDatabase;

/** Scheduling, claims, builds cast to hosts, no valid host and reschedules, with stand-in compute hosts. */
class ComputeTaskManagerTest {

    @TempDir
    Path state;

    private final String computeTopic = TestBroker.uniqueName("compute");
    private ConductorNode conductor;
    private JdbcClient jdbc;
    private ComputeTaskRpcApi computeTask;
    private final BlockingQueue<RecordingCompute.Build> builds = RecordingCompute.newQueue();
    private static final Flavor TINY = new Flavor("1", "m1.tiny", 1, 512, 1, 0, 0, 1.0, true, false);
    private static final Flavor MEDIUM = new Flavor("3", "m1.medium", 2, 4096, 40, 0, 0, 1.0, true, false);

    private final RequestContext ctx = RequestContext.of(RequestContext.newRequestId(), "alice", "project-a", List.of(), false);

    @BeforeEach
    void start() {
        conductor = ConductorNode.start(TestDatabase.Kind.H2, state, TestBroker.uniqueName("test_build"),
                TestBroker.uniqueName("conductor"), "nova.topics.compute=" + computeTopic);
        jdbc = conductor.context.getBean(JdbcClient.class);
        computeTask = conductor.context.getBean(ComputeTaskRpcApi.class);
        Instant now = Instant.now();
        for (String host : List.of("big", "small", "down")) {
            conductor.context.getBean(ServiceRecords.class).heartbeat(host, "nova-compute", "compute",
                    host.equals("down") ? now.minusSeconds(3600) : now);
            int memory = host.equals("small") ? 2048 : 8192;
            // No reserved memory, no RAM overcommit: the hosts hold exactly their memory_mb.
            conductor.context.getBean(ComputeNodeRecords.class)
                    .report(new ComputeNodeResources(host, host, "fake", 8, memory, 200, 4.0, 1.0, 1.0, 0, 0), now);
            conductor.context.getBean(RpcServerFactory.class)
                    .start(Target.topic(computeTopic).withServer(host), List.of(new RecordingCompute(host, builds)));
        }
    }

    @AfterEach
    void stop() {
        conductor.close();
    }

    private String newInstance(String flavorid) {
        String uuid = java.util.UUID.randomUUID().toString();
        jdbc.sql("INSERT INTO instances (uuid, display_name, project_id, user_id, flavorid, image_ref, vm_state,"
                        + " task_state, reservation_id, created_at) VALUES (?, 'vm', 'project-a', 'alice', ?, 'img',"
                        + " 'building', 'scheduling', 'r-1', CURRENT_TIMESTAMP)")
                .params(uuid, flavorid).update();
        return uuid;
    }

    private List<RecordingCompute.Build> takeBuilds(int count) throws InterruptedException {
        List<RecordingCompute.Build> taken = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            RecordingCompute.Build build = builds.poll(20, TimeUnit.SECONDS);
            assertThat(build).as("build %d of %d", i + 1, count).isNotNull();
            taken.add(build);
        }
        return taken;
    }

    @Test
    void buildsGoToTheHostsWithTheMostFreeRamWithAlternatesAndClaims() throws Exception {
        List<String> uuids = List.of(newInstance("3"), newInstance("3"));  // m1.medium: 2 vCPU, 4096 MB
        OlderSender.scheduleAndBuild(computeTask, ctx, uuids, Map.of("id", "img"), "pw", "auto");

        List<RecordingCompute.Build> taken = takeBuilds(2);
        assertThat(taken).extracting(RecordingCompute.Build::host).containsOnly("big");
        assertThat(taken).allSatisfy(b -> {
            assertThat(b.instance().flavor().name()).isEqualTo("m1.medium");
            assertThat(b.hostList()).as("alternates exclude the down host").isEmpty();
            assertThat(b.requestId()).isEqualTo(ctx.requestId());
            assertThat(b.filterProperties()).containsKey("retry");
        });
        assertThat(jdbc.sql("SELECT host FROM instances WHERE uuid IN (?, ?)").params(uuids.get(0), uuids.get(1))
                .query(String.class).list()).containsOnly("big");
        assertThat(jdbc.sql("SELECT action FROM instance_actions WHERE request_id = ?").param(ctx.requestId())
                .query(String.class).list()).containsExactly("create", "create");

        String third = newInstance("1");
        OlderSender.scheduleAndBuild(computeTask, ctx, List.of(third), Map.of("id", "img"), "pw", "auto");
        RecordingCompute.Build build = takeBuilds(1).getFirst();
        assertThat(build.host()).as("big has 0 MB free after two claims").isEqualTo("small");
    }

    @Test
    void noValidHostPutsTheInstanceInErrorWithAFaultAndAnEvent() {
        String uuid = newInstance("5");  // m1.xlarge: 16384 MB fits nowhere
        OlderSender.scheduleAndBuild(computeTask, ctx, List.of(uuid), Map.of("id", "img"), null, "none");

        Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() ->
                "error".equals(jdbc.sql("SELECT vm_state FROM instances WHERE uuid = ?").param(uuid).query(String.class).single()));
        assertThat(jdbc.sql("SELECT task_state FROM instances WHERE uuid = ?").param(uuid).query(String.class).list())
                .containsExactly((String) null);
        assertThat(jdbc.sql("SELECT message FROM instance_faults WHERE instance_uuid = ?").param(uuid).query(String.class).single())
                .isEqualTo("No valid host was found. There are not enough hosts available.");
        // The event finishes just after the instance is put in ERROR: its result may not be there yet.
        Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> "conductor_schedule_and_build_instances:Error"
                .equals(jdbc.sql("SELECT e.event || ':' || e.result FROM instance_actions_events e JOIN instance_actions a"
                        + " ON a.id = e.action_id WHERE a.instance_uuid = ?").param(uuid).query(String.class).optional()
                        .orElse(null)));
        assertThat(builds).isEmpty();
    }

    /** The request spec nova-api sends for an instance, as Nova's compute API builds it. */
    private RequestSpec spec(String uuid, Flavor flavor, Destination destination) {
        return new RequestSpec(uuid, "project-a", "alice", flavor, 1, new ImageMeta("img", "cirros", 0, null), null,
                destination);
    }

    private void schedule(String uuid, RequestSpec spec) {
        computeTask.scheduleAndBuildInstances(ctx, List.of(new BuildRequest(uuid, "project-a", null)), List.of(spec),
                Map.of("id", "img"), "pw", NetworkRequestList.auto(), TagList.empty());
    }

    @Test
    void theRequestSpecsFlavorIsWhatIsScheduledNotTheRecords() throws Exception {
        String uuid = newInstance("5");  // the record's m1.xlarge would fit nowhere
        schedule(uuid, spec(uuid, TINY, null));

        RecordingCompute.Build build = takeBuilds(1).getFirst();
        assertThat(build.host()).isEqualTo("big");
        assertThat(jdbc.sql("SELECT vm_state FROM instances WHERE uuid = ?").param(uuid).query(String.class).single())
                .isEqualTo("building");
    }

    @Test
    void aRequestedDestinationIsTheOnlyHostConsidered() throws Exception {
        String uuid = newInstance("1");
        schedule(uuid, spec(uuid, TINY, new Destination("small", null)));
        RecordingCompute.Build build = takeBuilds(1).getFirst();
        assertThat(build.host()).as("big has more free RAM, but small was asked for").isEqualTo("small");
        assertThat(build.hostList()).as("no alternates outside the destination").isEmpty();

        String tooBig = newInstance("3");  // m1.medium: 4096 MB, small has 2048 MB; big would have room
        schedule(tooBig, spec(tooBig, MEDIUM, new Destination("small", "small")));
        Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> "error".equals(
                jdbc.sql("SELECT vm_state FROM instances WHERE uuid = ?").param(tooBig).query(String.class).single()));
        assertThat(jdbc.sql("SELECT message FROM instance_faults WHERE instance_uuid = ?").param(tooBig)
                .query(String.class).single()).isEqualTo("No valid host was found. There are not enough hosts available.");
        assertThat(builds).isEmpty();
    }

    @Test
    void aRescheduleGoesToTheNextAlternateUntilNoneIsLeft() throws Exception {
        String uuid = newInstance("1");
        InstanceRecords records = conductor.context.getBean(InstanceRecords.class);
        var instance = conductor.context.getBean(InstanceObject.class).load(uuid);

        computeTask.buildInstances(ctx, instance, Map.of("id", "img"), Map.of("retry", Map.of("num_attempts", 1)),
                null, NetworkRequestList.auto(), List.of(new Selection("small", "small")));
        RecordingCompute.Build build = takeBuilds(1).getFirst();
        assertThat(build.host()).isEqualTo("small");
        assertThat(build.hostList()).isEmpty();
        assertThat(records.find(uuid).orElseThrow().host()).isEqualTo("small");

        computeTask.buildInstances(ctx, instance, Map.of("id", "img"), Map.of("retry", Map.of("num_attempts", 2)),
                null, NetworkRequestList.auto(), List.of());
        Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() ->
                "error".equals(records.find(uuid).orElseThrow().vmState()));
        assertThat(jdbc.sql("SELECT message FROM instance_faults WHERE instance_uuid = ?").param(uuid).query(String.class).single())
                .startsWith("Exceeded maximum number of retries.");
    }
}
