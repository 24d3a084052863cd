package org.novasim.conductor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.simple.JdbcClient;

import org.novasim.conductor.db.ComputeNodeRecords;
import org.novasim.conductor.db.ServiceRecords;
import org.novasim.conductor.scheduler.HostManager;
import org.novasim.conductor.scheduler.HostState;
import org.novasim.messaging.RequestContext;
import org.novasim.messaging.Target;
import org.novasim.messaging.rpc.Args;
import org.novasim.messaging.rpc.RpcServerFactory;
import org.novasim.nova.conductor.ComputeNodeResources;
import org.novasim.nova.conductor.ComputeTaskRpcApi;
import org.novasim.nova.conductor.ConductorRpcApi;
import org.novasim.nova.objects.NovaObjects;
import org.novasim.nova.objects.RemoteObject;
import org.novasim.testpeers.RecordingCompute;
import org.novasim.testsupport.TestBroker;
import org.novasim.testsupport.TestDatabase;

/**
 * Two conductor processes (two application contexts on the same broker topic and the same database) scheduling
 * at once onto a few small hosts: the claims add up and never exceed what placement allows; a restarted conductor
 * sees the same claims; releases give the room back once.
 */
class PlacementClaimsTest {

    private static final int REQUESTS = 48;

    @TempDir
    Path state;

    private final String exchange = TestBroker.uniqueName("test_claims");
    private final String conductorTopic = TestBroker.uniqueName("conductor");
    private final String computeTopic = TestBroker.uniqueName("compute");
    private final BlockingQueue<RecordingCompute.Build> builds = RecordingCompute.newQueue();

    private ConductorNode conductor(TestDatabase.ForService database) {
        return ConductorNode.start(database, false, exchange, conductorTopic, "nova.topics.compute=" + computeTopic,
                "nova.conductor.build-check-interval=1h");
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void twoConductorsSchedulingAtOnceNeverPutMoreOnAHostThanItsRatiosAllow(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase.ForService database = TestDatabase.ForService.of(kind, state, "nova");
             ConductorNode first = conductor(database); ConductorNode second = conductor(database)) {
            JdbcClient jdbc = first.context.getBean(JdbcClient.class);
            Instant now = Instant.now();
            // Capacity in m1.tiny (1 vCPU, 512 MB, 1 GB): by RAM (4096 - 512) / 512 = 7; by CPU 2 * 4.0 = 8;
            // by disk 3 GB = 3. 18 in all.
            report(first, new ComputeNodeResources("ram-bound", "ram-bound", "fake", 8, 4096, 200), now);
            report(first, new ComputeNodeResources("cpu-bound", "cpu-bound", "fake", 2, 65536, 200), now);
            report(first, new ComputeNodeResources("disk-bound", "disk-bound", "fake", 8, 65536, 3), now);
            for (String host : List.of("ram-bound", "cpu-bound", "disk-bound")) {
                first.context.getBean(RpcServerFactory.class)
                        .start(Target.topic(computeTopic).withServer(host), List.of(new RecordingCompute(host, builds)));
            }
            List<String> uuids = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                uuids.add(newInstance(jdbc));
            }

            ComputeTaskRpcApi computeTask = first.context.getBean(ComputeTaskRpcApi.class);
            ExecutorService senders = Executors.newFixedThreadPool(8);
            List<Future<?>> sent = new ArrayList<>();
            for (String uuid : uuids) {
                sent.add(senders.submit(() -> OlderSender.scheduleAndBuild(computeTask, context(), List.of(uuid),
                        Map.of("id", "img"), "pw", "none")));
            }
            for (Future<?> f : sent) {
                f.get();
            }
            senders.shutdown();
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> builds.size()
                    + jdbc.sql("SELECT COUNT(*) FROM instances WHERE vm_state = 'error'").query(Integer.class).single()
                    == REQUESTS);

            assertThat(builds).hasSize(18);
            assertThat(jdbc.sql("SELECT message FROM instance_faults").query(String.class).list()).hasSize(REQUESTS - 18)
                    .containsOnly("No valid host was found. There are not enough hosts available.");
            assertThat(jdbc.sql("SELECT COUNT(DISTINCT request_id) FROM instance_actions").query(Integer.class).single())
                    .isEqualTo(REQUESTS);
            assertThat(usage(jdbc)).containsExactly("cpu-bound 8 4096 8 8 8", "disk-bound 3 1536 3 3 3",
                    "ram-bound 7 3584 7 7 7");
            assertThat(builds).extracting(RecordingCompute.Build::host).filteredOn("ram-bound"::equals).hasSize(7);
            // A conductor's host states only guide its choices (the database decides) and may lag the other
            // conductor's claims; they catch up with the database within the refresh interval.
            Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(first.context.getBean(HostManager.class).hostStates()).as("what the first conductor knows")
                            .extracting(HostState::vcpusUsed).containsExactlyInAnyOrder(8, 3, 7));

            // Restarted, a conductor rebuilds its host states from the allocations.
            second.close();
            try (ConductorNode restarted = conductor(database)) {
                assertThat(restarted.context.getBean(HostManager.class).hostStates())
                        .extracting(HostState::host, HostState::memoryMbUsed)
                        .containsExactlyInAnyOrder(org.assertj.core.api.Assertions.tuple("cpu-bound", 4096),
                                org.assertj.core.api.Assertions.tuple("disk-bound", 1536),
                                org.assertj.core.api.Assertions.tuple("ram-bound", 3584));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void anInstanceInErrorDeletedOrSentBackForARescheduleGivesItsRoomBackOnce(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase.ForService database = TestDatabase.ForService.of(kind, state, "nova");
             ConductorNode conductor = conductor(database)) {
            JdbcClient jdbc = conductor.context.getBean(JdbcClient.class);
            report(conductor, new ComputeNodeResources("h", "h", "fake", 1, 65536, 200, 3.0, 1.0, 1.0, 512, 0),
                    Instant.now());
            conductor.context.getBean(RpcServerFactory.class)
                    .start(Target.topic(computeTopic).withServer("h"), List.of(new RecordingCompute("h", builds)));
            ComputeTaskRpcApi computeTask = conductor.context.getBean(ComputeTaskRpcApi.class);
            ConductorRpcApi conductorApi = conductor.context.getBean(ConductorRpcApi.class);
            List<String> placed = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                String uuid = newInstance(jdbc);
                OlderSender.scheduleAndBuild(computeTask, context(), List.of(uuid), Map.of("id", "img"), "pw", "none");
                assertThat(builds.poll(20, java.util.concurrent.TimeUnit.SECONDS)).as("build %d", i).isNotNull();
                placed.add(uuid);
            }
            assertThat(usage(jdbc)).containsExactly("h 3 1536 3 3 3");

            // The compute puts a failed build in ERROR, twice (a retried call): the room comes back once.
            Map<String, Object> error = Args.of("vm_state", "error", "task_state", null, "host", null, "node", null);
            save(conductorApi, placed.get(0), error);
            save(conductorApi, placed.get(0), error);
            assertThat(usage(jdbc)).containsExactly("h 2 1024 2 2 2");
            // A spawn failure sends it back for a reschedule: host cleared, allocation removed.
            save(conductorApi, placed.get(1), Args.of("task_state", "scheduling", "host", null, "node", null));
            assertThat(usage(jdbc)).containsExactly("h 1 512 1 1 1");
            // Terminated by its compute.
            RemoteObject terminated = save(conductorApi, placed.get(2), Args.of("vm_state", "deleted",
                    "task_state", null));
            terminated.remote(conductorApi, context(), "destroy", Map.of());
            assertThat(usage(jdbc)).containsExactly("h 0 0 0 0 0");

            // The room is there again for the next three; a fourth is refused (1 vCPU * 3.0).
            for (int i = 0; i < 4; i++) {
                OlderSender.scheduleAndBuild(computeTask, context(), List.of(newInstance(jdbc)), Map.of("id", "img"), "pw",
                        "none");
            }
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                    jdbc.sql("SELECT COUNT(*) FROM instance_faults WHERE message LIKE 'No valid host%'")
                            .query(Integer.class).single() == 1);
            assertThat(usage(jdbc)).containsExactly("h 3 1536 3 3 3");
        }
    }

    private static RequestContext context() {
        return RequestContext.of(RequestContext.newRequestId(), "alice", "project-a", List.of(), false);
    }

    private static void report(ConductorNode conductor, ComputeNodeResources node, Instant now) {
        conductor.context.getBean(ServiceRecords.class).heartbeat(node.host(), "nova-compute", "compute", now);
        conductor.context.getBean(ComputeNodeRecords.class).report(node, now);
    }

    private static String newInstance(JdbcClient jdbc) {
        String uuid = UUID.randomUUID().toString();
        jdbc.sql("INSERT INTO instances (uuid, display_name, project_id, user_id, flavorid, image_ref, vm_state,"
                        + " task_state, reservation_id, created_at) VALUES (?, 'vm', 'project-a', 'alice', '1', 'img',"
                        + " 'building', 'scheduling', 'r-1', CURRENT_TIMESTAMP)")
                .param(uuid).update();
        return uuid;
    }

    /**
     * Per node: the usage columns (vCPUs, MB), then the same sums over its allocations, the instances holding it,
     * and running_vms. They must agree.
     */
    private static List<String> usage(JdbcClient jdbc) {
        return jdbc.sql("""
                SELECT n.host || ' ' || n.vcpus_used || ' ' || n.memory_mb_used || ' '
                       || (SELECT COALESCE(SUM(a.vcpus), 0) FROM allocations a WHERE a.compute_node_id = n.id) || ' '
                       || (SELECT COUNT(*) FROM instances i WHERE i.host = n.host AND i.deleted = FALSE
                           AND i.vm_state <> 'error') || ' ' || n.running_vms
                FROM compute_nodes n ORDER BY n.host
                """).query(String.class).list();
    }

    /** A compute's {@code instance.save()}: the instance loaded through the conductor, changed, saved. */
    private static RemoteObject save(ConductorRpcApi conductor, String uuid, Map<String, Object> updates) {
        RemoteObject instance = RemoteObject.loaded(conductor.objectClassAction(context(), NovaObjects.INSTANCE,
                "get_by_uuid", Map.of(NovaObjects.INSTANCE, NovaObjects.INSTANCE_VERSION), List.of(uuid), Map.of()),
                NovaObjects.INSTANCE, NovaObjects.INSTANCE_VERSION);
        updates.forEach(instance::set);
        instance.save(conductor, context(), Map.of());
        return instance;
    }
}
