package org.novasim.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.novasim.api.ApiClient;
import org.novasim.testsupport.BrokerFootprint;
import org.novasim.testsupport.PythonPeer;
import org.novasim.testsupport.TestBroker;

import tools.jackson.databind.JsonNode;

/**
 * Many hosts in per-host mode, each holding on the broker what a real oslo.messaging process shaped like nova-compute
 * holds, and as many boots at once from 16 clients: every server ends ACTIVE, none stays in BUILD, and no host is ever
 * seen down or misses a heartbeat while the conductor is busy scheduling. (Sized for CI; bench/scale-benchmark.sh
 * measures thousands.)
 */
class ScaleIT {

    private static final int HOSTS = 200;
    private static final int BOOTS = 200;
    private static final int CLIENTS = 16;
    private static final Pattern CONNECTION_NAME = Pattern.compile("\\{\"connection_name\",\"([^\"]+)\"}");
    private static final Pattern PER_HOST_CONNECTION = Pattern.compile("nova-compute:(e2e-compute-\\d+):\\d+:.+");
    /** What oslo.messaging 14 opens for one nova-compute process: listener, reply, pooled sender, notifier. */
    private static final int CONNECTIONS_PER_HOST = 4;

    private static NovaStack stack;
    private static ApiClient admin;

    @BeforeAll
    static void start() throws Exception {
        stack = new NovaStack(module -> TestBroker.get().transportUrl(), true, Map.of(
                "nova.compute.host-count", String.valueOf(HOSTS), "nova.compute.broker-mode", "per-host",
                // Nova's own cadence, not the other end-to-end tests' shortened one: a heartbeat every 10 s, down
                // after 60 s, so "late" means what it means in a cloud.
                "nova.compute.report-interval", "10s", "nova.servicegroup.service-down-time", "60s",
                // Room for every server: a /23 holds 509 addresses.
                "nova.network.networks[0].cidr", "10.30.0.0/23")).start();
        admin = stack.admin();
        Servers.awaitTrue("all " + HOSTS + " hosts report up", Duration.ofSeconds(120),
                () -> computeServicesUp() == HOSTS);
    }

    @AfterAll
    static void stop() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void manyConcurrentBootsOnManyHostsAllGoActiveWhileEveryHostStaysUp() throws Exception {
        assertThat(perHostConnections()).as("connections of the simulated hosts on the broker")
                .hasSizeBetween(HOSTS * (CONNECTIONS_PER_HOST - 1), HOSTS * CONNECTIONS_PER_HOST);

        AtomicBoolean booting = new AtomicBoolean(true);
        Set<String> seenDown = ConcurrentHashMap.newKeySet();
        Thread watcher = Thread.ofVirtual().start(() -> {
            while (booting.get()) {
                computeServices().filter(s -> !s.get("state").asString().equals("up"))
                        .forEach(s -> seenDown.add(s.get("host").asString()));
                Servers.sleep(500);
            }
        });

        long start = System.nanoTime();
        List<String> ids = new ArrayList<>();
        try (ExecutorService clients = Executors.newFixedThreadPool(CLIENTS)) {
            List<Future<String>> posts = IntStream.range(0, BOOTS).mapToObj(i -> clients.submit(() ->
                    Servers.boot(admin, "scale-" + i, "1", "auto", 1).json().at("/server/id").asString())).toList();
            for (Future<String> post : posts) {
                ids.add(post.get());
            }
        }
        Servers.awaitTrue("every boot settles", Duration.ofMinutes(3), () -> settled(ids) == BOOTS);
        double seconds = (System.nanoTime() - start) / 1e9;
        booting.set(false);
        watcher.join();

        Map<String, Long> byStatus = statuses(ids);
        System.out.printf("scale: %d boots on %d per-host hosts from %d clients settled in %.1f s (%.1f/s): %s%n",
                BOOTS, HOSTS, CLIENTS, seconds, BOOTS / seconds, byStatus);
        assertThat(byStatus).containsExactly(Map.entry("ACTIVE", (long) BOOTS));
        assertThat(seenDown).as("hosts seen down while booting").isEmpty();
        assertThat(meter("nova.compute.reports.skipped")).as("heartbeats skipped").isZero();
        assertThat(meter("nova.compute.reports?tag=outcome:failure")).as("heartbeats failed").isZero();
        assertThat(Servers.all(admin).stream().map(s -> s.get("OS-EXT-SRV-ATTR:host").asString()).distinct().count())
                .as("hosts used").isGreaterThan(HOSTS / 2);
    }

    private static long computeServicesUp() {
        return computeServices().filter(s -> s.get("state").asString().equals("up")).count();
    }

    private static Stream<JsonNode> computeServices() {
        return admin.get("/v2.1/os-services").json().get("services").valueStream()
                .filter(s -> s.get("binary").asString().equals("nova-compute"));
    }

    private static long settled(List<String> ids) {
        return statuses(ids).entrySet().stream().filter(e -> Set.of("ACTIVE", "ERROR").contains(e.getKey()))
                .mapToLong(Map.Entry::getValue).sum();
    }

    private static Map<String, Long> statuses(List<String> ids) {
        Set<String> ours = Set.copyOf(ids);
        return Servers.all(admin).stream().filter(s -> ours.contains(s.get("id").asString()))
                .collect(Collectors.groupingBy(s -> s.get("status").asString(), Collectors.counting()));
    }

    /** A counter's or timer's count on nova-compute's actuator; zero when it was never recorded. */
    private static double meter(String nameAndTags) {
        ApiClient.Response response = new ApiClient(stack.compute.url(), "admin:admin")
                .get("/actuator/metrics/" + nameAndTags);
        if (response.status() == 404) {
            return 0;
        }
        JsonNode count = response.json().get("measurements").valueStream()
                .filter(m -> m.get("statistic").asString().equals("COUNT")).findFirst().orElseThrow();
        return count.get("value").asDouble();
    }

    /**
     * A host that has booted a server (so has sent notifications) holds on the broker what a real oslo.messaging 14
     * process shaped like nova-compute holds once it has served, called and notified: four connections of one channel
     * each with oslo's heartbeat, its server's three consumers on one of them, its reply queue's on another.
     */
    @Test
    void aHostHoldsOnTheBrokerWhatAnOsloNovaComputeProcessHolds() throws Exception {
        String server = Servers.boot(admin, "footprint", "1", "auto", 1).json().at("/server/id").asString();
        Servers.awaitTrue("the server is ACTIVE", Duration.ofSeconds(60),
                () -> admin.get("/v2.1/servers/" + server).json().at("/server/status").asString().equals("ACTIVE"));
        String host = admin.get("/v2.1/servers/" + server).json().at("/server/OS-EXT-SRV-ATTR:host").asString();
        String topic = TestBroker.uniqueName("oslo_compute");
        try (PythonPeer oslo = PythonPeer.start(stack.root().resolve("common-rpc/src/test/python"), "compute",
                TestBroker.uniqueName("oslo_shape"), "--topic", topic, "--server", "oslo-host")
                .awaitReady(Duration.ofSeconds(30))) {
            BrokerFootprint novasim = BrokerFootprint.of(name -> name.startsWith("nova-compute:" + host + ":"),
                    queue -> shape(queue, stack.computeTopic, host));
            BrokerFootprint python = BrokerFootprint.of(name -> name.startsWith("oslo_peer.py:" + oslo.pid() + ":"),
                    queue -> shape(queue, topic, "oslo-host"));
            System.out.printf("footprint: NovaSim host %s %s; oslo.messaging process %s%n", host, novasim, python);
            assertThat(python.connections()).as("what the real oslo.messaging process holds").hasSize(4);
            assertThat(novasim).isEqualTo(python);
        }
    }

    /** A queue's name with the topic, host and uuid left out: {@code <topic>_fanout_<uuid>}. */
    private static String shape(String queue, String topic, String host) {
        return queue.replace(topic + "." + host, "<topic>.<host>").replaceAll("^" + Pattern.quote(topic) + "(?=$|_)",
                "<topic>").replaceAll("[0-9a-f]{32}$", "<uuid>");
    }

    /** Connections on the broker named after a simulated host, as per-host mode names them. */
    private static Set<String> perHostConnections() throws Exception {
        String out = TestBroker.get().rabbitmqctl("list_connections", "-q", "--no-table-headers", "client_properties");
        return out.lines().map(CONNECTION_NAME::matcher).filter(Matcher::find).map(m -> m.group(1))
                .filter(name -> PER_HOST_CONNECTION.matcher(name).matches()).collect(Collectors.toSet());
    }
}
