package org.novasim.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.novasim.api.ApiClient;
import org.novasim.testsupport.RabbitCluster;

import tools.jackson.databind.JsonNode;

/**
 * RabbitMQ's single point of failure, taken away: three nodes of the test's own clustered, the four services on the
 * three-node transport URL, and a node lost while boots are in flight: killed with SIGKILL, stopped with
 * {@code rabbitmqctl stop_app}, or each node in turn stopped and started again (a rolling restart). Before each loss
 * the node is given 3,000 transient queues of another process, so that the surviving nodes' clean-up lasts about a
 * second and the services re-declare their queues inside it, the race that left a stack unable to boot or heartbeat
 * for good (docs/reliability.md).
 * <p>
 * With the settings compose runs (durable, quorum topic queues, confirmed publishes) every boot ends ACTIVE or in
 * ERROR with a fault, none is lost (ended only by the build timeout) and none stuck. With oslo's defaults (classic
 * transient queues, unconfirmed publishes) what is lost is measured; in both, a new boot goes through soon after the
 * loss and every compute host's heartbeat is back within the service-down time. The figures go to
 * {@code target/cluster-failover.md}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterFailoverIT {

    private static final int BOOTS = 200;
    private static final int BATCH = 20;
    /** Between batches: the ten are posted within a spawn, so that all 200 are still in BUILD at the kill. */
    private static final Duration PACE = Duration.ofMillis(250);
    private static final Duration SPAWN = Duration.ofSeconds(5);
    /** This test's own nodes and ports (distribution ports 25711 to 25713). */
    private static final String NODE_PREFIX = "clu";
    private static final int FIRST_PORT = 5711;
    private static final Duration BUILD_TIMEOUT = Duration.ofSeconds(90);
    /** How long new boots are tried after the loss: a new boot must be ACTIVE within it. */
    private static final Duration PROBING = Duration.ofSeconds(60);
    /** How long one new boot is waited for before the next is posted. */
    private static final Duration PROBE_WAIT = Duration.ofSeconds(25);
    /** The service-down time the stack runs with: every host's heartbeat must be back within it. */
    private static final Duration SERVICE_DOWN_TIME = Duration.ofSeconds(60);
    /** Transient queues of another process put on a node before it is lost (see the class comment). */
    private static final int BALLAST = 3000;
    /** How long a node stays down in a stop_app or a rolling restart. */
    private static final Duration STOPPED_FOR = Duration.ofSeconds(5);
    private static final int HOSTS = 8;
    /** Nova's topic of the conductor, whose queue is a quorum queue under the durable settings. */
    private static final String CONDUCTOR_QUEUE = "conductor";
    private static final List<String> SERVICE_CONNECTIONS = List.of("nova-api:", "nova-conductor:", "nova-compute:",
            "nova-network:");

    /** What compose runs: durable quorum topic queues, confirmed publishes. */
    private static final Map<String, String> QUORUM = Map.of("nova.rpc.amqp-auto-delete", "false",
            "nova.rpc.amqp-durable-queues", "true", "nova.rpc.rabbit-quorum-queue", "true",
            "nova.rpc.publisher-confirms", "true");
    /** oslo.messaging's defaults: classic transient queues, publishes not confirmed. */
    private static final Map<String, String> OSLO_DEFAULTS = Map.of("nova.rpc.amqp-auto-delete", "false",
            "nova.rpc.amqp-durable-queues", "false", "nova.rpc.rabbit-quorum-queue", "false",
            "nova.rpc.publisher-confirms", "false");

    private static RabbitCluster cluster;
    private static NovaStack stack;
    private static String stackVhost;
    private static ApiClient admin;
    private static final List<Outcome> outcomes = new ArrayList<>();

    /** How a node is lost. */
    enum Loss {
        KILL("SIGKILL"), STOP_APP("stop_app"), ROLLING("rolling restart");

        final String label;

        Loss(String label) {
            this.label = label;
        }
    }

    /** One scenario's figures. */
    record Outcome(String scenario, String settings, String lostNodes, long boots, long inFlight, long active,
                   long error, List<String> lostServers, long stuck, double recoverySeconds, List<String> failedNewBoots,
                   double heartbeatsBackSeconds, Set<String> hostsSeenDown, Map<String, Long> faults) {

        /** Builds that only the build timeout ended. */
        long lost() {
            return lostServers.size();
        }

        String row() {
            return String.format("| %s | %s | %s | %d | %d | %d | %d | %d | %d | %d | %.1f s | %.1f s | %d |",
                    scenario, settings, lostNodes, boots, inFlight, active, error, lost(), stuck, failedNewBoots.size(),
                    recoverySeconds, heartbeatsBackSeconds, hostsSeenDown.size());
        }
    }

    @BeforeAll
    static void startCluster() throws Exception {
        Path root = Path.of(System.getProperty("novasim.root", "..")).toAbsolutePath().normalize();
        cluster = RabbitCluster.start(root, root.resolve("nova-api/target/rabbit-cluster"), NODE_PREFIX, FIRST_PORT, 3);
    }

    /** Each scenario starts from three nodes: the one killed before is started again (it rejoins the cluster). */
    @BeforeEach
    void everyNodeUp() throws Exception {
        cluster.restartKilled();
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            stopStack();
        } finally {
            if (cluster != null) {
                cluster.close();
            }
            report();
        }
    }

    @Test
    @Order(1)
    void withQuorumQueuesKillingTheNodeTheServicesAreOnLosesNoBoot() throws Exception {
        startStack("novasim_quorum", QUORUM);
        RabbitCluster.Node connected = connectedNode();

        assertNothingLost(storm("node the services are on", "quorum", Loss.KILL, List.of(connected), connected,
                "quorum-node-", BOOTS));
    }

    @Test
    @Order(2)
    void withQuorumQueuesKillingTheLeaderOfTheConductorsQueueLosesNoBoot() throws Exception {
        startStack("novasim_quorum", QUORUM);
        RabbitCluster.Node connected = connectedNode();
        RabbitCluster.Node leader = cluster.leaderOf(stackVhost, CONDUCTOR_QUEUE).orElseThrow();
        if (leader.equals(connected)) {
            // Else this were the first scenario again: the leader is to go while the services stay where they are.
            cluster.moveLeaderOff(stackVhost, CONDUCTOR_QUEUE, connected);
            Servers.awaitTrue("the conductor's queue has a leader other than " + connected, Duration.ofSeconds(30),
                    () -> leaderOf().filter(l -> !l.equals(connected)).isPresent());
            leader = leaderOf().orElseThrow();
        }

        Outcome outcome = storm("leader of the conductor's queue", "quorum", Loss.KILL, List.of(leader), connected,
                "quorum-leader-", BOOTS);

        assertThat(cluster.nodesServing(SERVICE_CONNECTIONS)).as("the services stayed on their node")
                .containsExactly(connected);
        assertNothingLost(outcome);
    }

    @Test
    @Order(3)
    void withQuorumQueuesStoppingTheNodeTheServicesAreOnLosesNoBoot() throws Exception {
        startStack("novasim_quorum", QUORUM);
        RabbitCluster.Node connected = connectedNode();

        assertNothingLost(storm("node the services are on", "quorum", Loss.STOP_APP, List.of(connected), connected,
                "quorum-stop-", BOOTS / 2));
    }

    @Test
    @Order(4)
    void withQuorumQueuesARollingRestartLosesNoBoot() throws Exception {
        startStack("novasim_quorum", QUORUM);
        RabbitCluster.Node connected = connectedNode();

        assertNothingLost(storm("each node in turn", "quorum", Loss.ROLLING, rollingOrder(connected), connected,
                "quorum-roll-", BOOTS / 2));
    }

    @Test
    @Order(5)
    void withOslosDefaultsKillingTheNodeTheServicesAreOnIsMeasuredAndTheStackComesBack() throws Exception {
        startStack("novasim_oslo", OSLO_DEFAULTS);
        RabbitCluster.Node connected = connectedNode();

        assertTheStackCameBack(storm("node the services are on", "oslo defaults", Loss.KILL, List.of(connected),
                connected, "oslo-node-", BOOTS));
    }

    @Test
    @Order(6)
    void withOslosDefaultsStoppingTheNodeTheServicesAreOnIsMeasuredAndTheStackComesBack() throws Exception {
        startStack("novasim_oslo", OSLO_DEFAULTS);
        RabbitCluster.Node connected = connectedNode();

        assertTheStackCameBack(storm("node the services are on", "oslo defaults", Loss.STOP_APP, List.of(connected),
                connected, "oslo-stop-", BOOTS / 2));
    }

    @Test
    @Order(7)
    void withOslosDefaultsARollingRestartIsMeasuredAndTheStackComesBack() throws Exception {
        startStack("novasim_oslo", OSLO_DEFAULTS);
        RabbitCluster.Node connected = connectedNode();

        assertTheStackCameBack(storm("each node in turn", "oslo defaults", Loss.ROLLING, rollingOrder(connected),
                connected, "oslo-roll-", BOOTS / 2));
    }

    /** The node the services are on first, then the others: each loss moves them. */
    private static List<RabbitCluster.Node> rollingOrder(RabbitCluster.Node connected) {
        List<RabbitCluster.Node> order = new ArrayList<>(List.of(connected));
        cluster.nodes().stream().filter(n -> !n.equals(connected)).forEach(order::add);
        return order;
    }

    /**
     * What oslo's defaults lose is the figure these scenarios are for. What must hold: nothing stays in BUILD (the
     * build watchdog ends what the broker lost), a new boot goes through soon after the loss (the probe's bound),
     * and every compute host's heartbeat is back within the service-down time, so none is ever seen down.
     */
    private static void assertTheStackCameBack(Outcome outcome) {
        assertThat(outcome.stuck()).as("boots stuck in BUILD").isZero();
        assertThat(outcome.active() + outcome.error()).isEqualTo(outcome.boots());
        assertThat(outcome.heartbeatsBackSeconds()).as("every host's heartbeat back after the loss")
                .isLessThan((double) SERVICE_DOWN_TIME.toSeconds());
        assertThat(outcome.hostsSeenDown()).as("compute hosts seen down").isEmpty();
    }

    private static void assertNothingLost(Outcome outcome) {
        assertThat(outcome.failedNewBoots()).as("new boots that failed after the loss").isEmpty();
        assertThat(outcome.lost()).as(() -> "builds that only the build timeout ended"
                + outcome.lostServers().stream().findFirst().map(ServiceLogs::about).orElse("")).isZero();
        assertTheStackCameBack(outcome);
    }

    /**
     * Boots posted, the node lost (or each node in turn) while they are in flight, then the time until a new boot
     * goes through every service and until every host's heartbeat is back, and how each boot ends. Compute hosts
     * seen down in os-services at any poll meanwhile are counted.
     */
    private static Outcome storm(String scenario, String settings, Loss loss, List<RabbitCluster.Node> victims,
                                 RabbitCluster.Node connected, String prefix, int boots) throws Exception {
        Set<String> seenDown = new java.util.TreeSet<>();
        // Paced, so that at the loss the first boots are spawning and the last being scheduled: messages are in
        // flight whatever the machine's speed (all at once, they may all be quietly spawning when the node goes).
        int batches = boots / BATCH;
        int postedBeforeLoss = loss == Loss.ROLLING ? batches / victims.size() : batches;
        for (int i = 0; i < postedBeforeLoss; i++) {
            Servers.boot(admin, prefix + i, "1", "auto", BATCH);
            Servers.sleep(PACE.toMillis());
        }
        long inFlight = ours(prefix).stream().filter(s -> s.get("status").asString().equals("BUILD")).count();

        Instant lostAt = Instant.now();
        long lostNanos = System.nanoTime();
        int posted = postedBeforeLoss;
        for (RabbitCluster.Node victim : victims) {
            cluster.ballast(victim, stackVhost, BALLAST);
            if (loss == Loss.KILL) {
                cluster.kill(victim);
            } else {
                cluster.stopApp(victim);
                // Boots meet the stopped node in a rolling restart, each step taking its share.
                long back = System.nanoTime() + STOPPED_FOR.toNanos();
                for (int i = 0; loss == Loss.ROLLING && i < batches / victims.size() && posted < batches; i++) {
                    postWhileAway(prefix + posted++);
                    Servers.sleep(PACE.toMillis());
                }
                Servers.sleep(Math.max(0, (back - System.nanoTime()) / 1_000_000));
                noteDown(seenDown);
                cluster.startApp(victim);
            }
            lostAt = Instant.now();
            lostNanos = System.nanoTime();
        }
        while (posted < batches) {
            postWhileAway(prefix + posted++);
        }

        // The time until a new boot goes through every service again; the new boots that fail before are counted.
        List<String> probeFaults = new ArrayList<>();
        JsonNode probed = probe(prefix);
        while (!probed.get("status").asString().equals("ACTIVE")) {
            probeFaults.add(probed.get("status").asString().equals("BUILD")
                    ? "still in BUILD after " + PROBE_WAIT.toSeconds() + " s: " + probed.get("id").asString()
                    : probed.at("/fault/message").asString());
            assertThat(System.nanoTime() - lostNanos).as("no new boot went through; their faults: " + probeFaults)
                    .isLessThan(PROBING.toNanos());
            noteDown(seenDown);
            Servers.sleep(500);
            probed = probe(prefix);
        }
        double recovery = (System.nanoTime() - lostNanos) / 1e9;

        // Every compute host's heartbeat after the (last) loss, within the service-down time.
        Instant since = lostAt;
        long heartbeatDeadline = lostNanos + SERVICE_DOWN_TIME.plusSeconds(30).toNanos();
        while (!heartbeatsSince(since) && System.nanoTime() < heartbeatDeadline) {
            noteDown(seenDown);
            Servers.sleep(500);
        }
        double heartbeatsBack = (System.nanoTime() - lostNanos) / 1e9;

        // The build watchdog ends any build older than the build timeout: past that (and a check), none may be left.
        long deadline = System.nanoTime() + BUILD_TIMEOUT.plusSeconds(30).toNanos();
        List<JsonNode> servers = ours(prefix);
        while (servers.stream().anyMatch(s -> !Servers.settled(s)) && System.nanoTime() < deadline) {
            noteDown(seenDown);
            Servers.sleep(1000);
            servers = ours(prefix);
        }
        Map<String, Long> byStatus = servers.stream().collect(Collectors.groupingBy(s -> s.get("status").asString(),
                Collectors.counting()));
        List<String> faults = servers.stream().filter(s -> s.get("status").asString().equals("ERROR"))
                .map(s -> s.at("/fault/message").asString()).toList();
        assertThat(faults).as("every ERROR has a fault").allMatch(f -> !f.isBlank());
        assertThat(servers).hasSize(batches * BATCH);
        String lostNodes = loss.label + " of " + victims.stream().map(RabbitCluster.Node::name)
                .collect(Collectors.joining(", ")) + " (services on " + connected.name() + ")";
        Outcome outcome = new Outcome(scenario, settings, lostNodes, (long) batches * BATCH, inFlight,
                byStatus.getOrDefault("ACTIVE", 0L), byStatus.getOrDefault("ERROR", 0L),
                servers.stream().filter(s -> s.get("status").asString().equals("ERROR")
                        && s.at("/fault/message").asString().startsWith("Instance build timed out"))
                        .map(s -> s.get("id").asString()).toList(),
                servers.stream().filter(s -> !Servers.settled(s)).count(), recovery, probeFaults, heartbeatsBack,
                seenDown, new TreeMap<>(faults.stream().collect(Collectors.groupingBy(ClusterFailoverIT::kindOf,
                        Collectors.counting()))));
        outcomes.add(outcome);
        System.out.println("cluster failover: " + outcome);
        return outcome;
    }

    /** Boots posted while a node is away: the API may answer 503 while it has no broker; those are tried again. */
    private static void postWhileAway(String name) {
        long deadline = System.nanoTime() + PROBING.toNanos();
        ApiClient.Response response = Servers.boot(admin, name, "1", "auto", BATCH);
        while (response.status() == 503 && System.nanoTime() < deadline) {
            Servers.sleep(200);
            response = Servers.boot(admin, name, "1", "auto", BATCH);
        }
        assertThat(response.status()).as(response.toString()).isEqualTo(202);
    }

    /** Whether every compute host has reported since {@code since} (os-services' {@code updated_at}, UTC). */
    private static boolean heartbeatsSince(Instant since) {
        List<JsonNode> computes = admin.get("/v2.1/os-services?binary=nova-compute").json().get("services")
                .valueStream().toList();
        return computes.size() == HOSTS && computes.stream().allMatch(s -> !s.get("updated_at").isNull()
                && java.time.LocalDateTime.parse(s.get("updated_at").asString()).toInstant(java.time.ZoneOffset.UTC)
                .isAfter(since));
    }

    private static void noteDown(Set<String> seenDown) {
        admin.get("/v2.1/os-services?binary=nova-compute").json().get("services").valueStream()
                .filter(s -> s.get("state").asString().equals("down"))
                .forEach(s -> seenDown.add(s.get("host").asString()));
    }

    /** A fault without the ids in it, so that faults of one kind count together. */
    private static String kindOf(String fault) {
        return fault.replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "<uuid>")
                .replaceAll("\\b[0-9a-f]{32}\\b", "<id>");
    }

    /**
     * One new boot, posted until the API takes it (503 while it has no broker), and where it is after at most
     * {@link #PROBE_WAIT}: under oslo's defaults a boot posted as the node goes may be lost with its unconfirmed cast,
     * and only the build timeout would end it, so the next probe is not kept waiting for it.
     */
    private static JsonNode probe(String prefix) {
        while (true) {
            ApiClient.Response created = admin.post("/v2.1/servers", Map.of("server", Map.of("name", "probe-" + prefix,
                    "imageRef", Servers.CIRROS, "flavorRef", "1", "networks", "auto")));
            if (created.status() == 202) {
                String id = created.json().at("/server/id").asString();
                long deadline = System.nanoTime() + PROBE_WAIT.toNanos();
                JsonNode server = admin.get("/v2.1/servers/" + id).json().get("server");
                while (!Servers.settled(server) && System.nanoTime() < deadline) {
                    Servers.sleep(200);
                    server = admin.get("/v2.1/servers/" + id).json().get("server");
                }
                return server;
            }
            assertThat(created.status()).as(created.toString()).isEqualTo(503);
            Servers.sleep(200);
        }
    }

    private static List<JsonNode> ours(String prefix) {
        return Servers.all(admin).stream().filter(s -> s.get("name").asString().startsWith(prefix)).toList();
    }

    private static RabbitCluster.Node connectedNode() throws Exception {
        Set<RabbitCluster.Node> serving = cluster.nodesServing(SERVICE_CONNECTIONS);
        assertThat(serving).as("the services' connections, all on the first node of the URL that is up").hasSize(1);
        return serving.iterator().next();
    }

    private static java.util.Optional<RabbitCluster.Node> leaderOf() {
        try {
            return cluster.leaderOf(stackVhost, CONDUCTOR_QUEUE);
        } catch (Exception e) {
            return java.util.Optional.empty();
        }
    }

    /** The four services on the three-node URL, on a virtual host of their own; the running stack if it is that. */
    private static void startStack(String vhost, Map<String, String> settings) throws Exception {
        if (stack != null && vhost.equals(stackVhost)) {
            return;
        }
        stopStack();
        cluster.addVhost(vhost);
        stackVhost = vhost;
        Map<String, String> overrides = new java.util.HashMap<>(settings);
        overrides.putAll(Map.ofEntries(
                Map.entry("nova.compute.host-count", String.valueOf(HOSTS)), Map.entry("nova.compute.vcpus", "128"),
                Map.entry("nova.compute.memory-mb", "131072"),
                Map.entry("nova.compute.driver.boot-delay", SPAWN.toSeconds() + "s"),
                Map.entry("nova.compute.network-timeout", "60s"),
                // Room for the boots of the four quorum scenarios: a /21 holds 2,045 addresses.
                Map.entry("nova.network.networks[0].cidr", "10.50.0.0/21"),
                Map.entry("nova.conductor.instance-build-timeout", BUILD_TIMEOUT.toSeconds() + "s"),
                Map.entry("nova.conductor.build-check-interval", "5s"),
                Map.entry("nova.servicegroup.service-down-time", SERVICE_DOWN_TIME.toSeconds() + "s")));
        String url = cluster.transportUrl(vhost);
        stack = new NovaStack(module -> url, false, overrides).start();
        admin = stack.admin();
        Servers.awaitTrue("the compute hosts report up", Duration.ofSeconds(60),
                () -> Servers.upServices(admin).stream().filter(s -> s.startsWith("nova-compute:")).count() == HOSTS);
    }

    private static void stopStack() throws Exception {
        if (stack != null) {
            stack.close();
            stack = null;
        }
    }

    /** The figures side by side, printed and written for the README. */
    private static void report() throws Exception {
        StringBuilder table = new StringBuilder("| node lost | settings | how | boots | in BUILD at the loss"
                + " | ACTIVE | ERROR | lost | stuck | new boots failed | a new boot through after | every heartbeat back"
                + " after | hosts seen down |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        outcomes.forEach(o -> table.append(o.row()).append('\n'));
        outcomes.forEach(o -> table.append("\n").append(o.settings()).append(", ").append(o.scenario())
                .append(": faults ").append(o.faults())
                .append("; new boots failed: ").append(o.failedNewBoots()));
        System.out.println(table);
        Path root = Path.of(System.getProperty("novasim.root", "..")).toAbsolutePath().normalize();
        Files.writeString(root.resolve("nova-api/target/cluster-failover.md"), table + "\n");
    }
}
