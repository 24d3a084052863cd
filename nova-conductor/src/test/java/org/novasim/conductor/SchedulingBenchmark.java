package org.novasim.conductor;

import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.jdbc.core.simple.JdbcClient;

import org.novasim.conductor.db.ComputeNodeRecords;
import org.novasim.conductor.db.ServiceRecords;
import org.novasim.messaging.RequestContext;
import org.novasim.nova.conductor.ComputeNodeResources;
import org.novasim.nova.conductor.ComputeTaskRpcApi;
import org.novasim.testsupport.TestBroker;
import org.novasim.testsupport.TestDatabase;

/**
 * Not a test: how fast the conductors schedule and claim. {@code conductors} conductor contexts on one topic and one
 * PostgreSQL schema, {@code hosts} compute nodes with the default resources, {@code instances} m1.tiny builds cast by
 * 16 threads one request each, as 16 API clients would; the builds' casts to the hosts land in one queue bound to
 * every {@code compute.<host>} (no compute runs). Prints the time until every instance has a host or is in ERROR,
 * and how the claims spread. Run with {@code bench/scheduling-benchmark.sh [hosts] [instances] [conductors]}.
 */
public final class SchedulingBenchmark {

    public static void main(String[] args) throws Exception {
        int hosts = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int conductors = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        String exchange = TestBroker.uniqueName("bench_sched");
        String conductorTopic = TestBroker.uniqueName("conductor");
        String computeTopic = TestBroker.uniqueName("compute");
        List<ConductorNode> nodes = new ArrayList<>();
        try (TestDatabase.ForService database = TestDatabase.ForService.of(TestDatabase.Kind.POSTGRESQL,
                Files.createTempDirectory("sched-bench"), "nova")) {
            for (int i = 0; i < conductors; i++) {
                nodes.add(ConductorNode.start(database, false, exchange, conductorTopic,
                        "nova.topics.compute=" + computeTopic, "nova.conductor.build-check-interval=1h",
                        "logging.level.org.novasim=WARN"));
            }
            ConductorNode first = nodes.getFirst();
            RabbitAdmin admin = new RabbitAdmin(first.context.getBean(ConnectionFactory.class));
            Queue builds = new Queue(TestBroker.uniqueName("bench_builds"), false, true, true);
            admin.declareQueue(builds);
            admin.declareBinding(BindingBuilder.bind(builds).to(new TopicExchange(exchange)).with(computeTopic + ".*"));

            JdbcClient jdbc = first.context.getBean(JdbcClient.class);
            Instant now = Instant.now();
            for (int i = 0; i < hosts; i++) {
                String host = "bench-" + i;
                first.context.getBean(ServiceRecords.class).heartbeat(host, "nova-compute", "compute", now);
                first.context.getBean(ComputeNodeRecords.class)
                        .report(new ComputeNodeResources(host, host, "fake", 8, 16384, 200), now);
            }
            List<String> uuids = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String uuid = UUID.randomUUID().toString();
                jdbc.sql("INSERT INTO instances (uuid, display_name, project_id, user_id, flavorid, image_ref, vm_state,"
                        + " task_state, reservation_id, created_at) VALUES (?, 'vm', 'p', 'u', '1', 'img', 'building',"
                        + " 'scheduling', 'r', CURRENT_TIMESTAMP)").param(uuid).update();
                uuids.add(uuid);
            }
            ComputeTaskRpcApi computeTask = first.context.getBean(ComputeTaskRpcApi.class);

            long start = System.nanoTime();
            ExecutorService clients = Executors.newFixedThreadPool(16);
            List<Future<?>> sent = new ArrayList<>();
            for (String uuid : uuids) {
                sent.add(clients.submit(() -> OlderSender.scheduleAndBuild(computeTask, RequestContext.admin(),
                        List.of(uuid), Map.of("id", "img"), "pw", "none")));
            }
            for (Future<?> f : sent) {
                f.get();
            }
            clients.shutdown();
            int done;
            do {
                Thread.sleep(50);
                done = jdbc.sql("SELECT COUNT(*) FROM instances WHERE host IS NOT NULL OR vm_state = 'error'")
                        .query(Integer.class).single();
            } while (done < count && System.nanoTime() - start < 300_000_000_000L);
            double seconds = (System.nanoTime() - start) / 1e9;
            Map<String, Object> spread = jdbc.sql("SELECT COUNT(*) AS used_hosts, MAX(running_vms) AS most,"
                    + " SUM(running_vms) AS claims FROM compute_nodes WHERE running_vms > 0").query().singleRow();
            int errors = jdbc.sql("SELECT COUNT(*) FROM instances WHERE vm_state = 'error'").query(Integer.class).single();
            System.out.printf("%d conductors, %d hosts: %d of %d instances scheduled or in ERROR in %.2f s (%.0f/s);"
                            + " %d in ERROR; claims %s on %s hosts, at most %s on one%n", conductors, hosts, done, count,
                    seconds, done / seconds, errors, spread.get("claims"), spread.get("used_hosts"), spread.get("most"));
            admin.deleteQueue(builds.getName());
        } finally {
            nodes.forEach(ConductorNode::close);
        }
    }
}
