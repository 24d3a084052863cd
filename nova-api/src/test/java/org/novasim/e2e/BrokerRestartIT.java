package org.novasim.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.novasim.api.ApiClient;
import org.novasim.testsupport.TestBroker;
import org.novasim.testsupport.TestVirtualHost;

import tools.jackson.databind.JsonNode;

/**
 * The broker restarted (rabbitmqctl stop_app, a pause, start_app) while 200 boots are in flight, with the durable
 * settings compose runs: every service gets its connections, consumers and reply queue back by itself, every
 * instance ends ACTIVE or ERROR with a fault, and none is lost (none had to be ended by the build timeout). And a
 * build cast to a compute that is down waits in its durable queue until the compute is back.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrokerRestartIT {

    private static final int BOOTS = 200;
    private static final Duration BUILD_TIMEOUT = Duration.ofSeconds(150);

    private static TestVirtualHost vhost;
    private static NovaStack stack;
    private static ApiClient admin;

    @BeforeAll
    static void start() throws Exception {
        vhost = new TestVirtualHost("novasim_restart");
        String url = vhost.transportUrl();
        stack = new NovaStack(module -> url, false, Map.ofEntries(
                Map.entry("nova.rpc.amqp-auto-delete", "false"), Map.entry("nova.rpc.amqp-durable-queues", "true"),
                Map.entry("nova.rpc.publisher-confirms", "true"),
                Map.entry("nova.compute.host-count", "8"), Map.entry("nova.compute.vcpus", "64"),
                Map.entry("nova.compute.memory-mb", "65536"), Map.entry("nova.compute.driver.boot-delay", "2s"),
                Map.entry("nova.compute.network-timeout", "60s"),
                Map.entry("nova.network.networks[0].cidr", "10.40.0.0/23"),
                Map.entry("nova.conductor.instance-build-timeout", BUILD_TIMEOUT.toSeconds() + "s"),
                Map.entry("nova.conductor.build-check-interval", "5s"),
                // Long enough for a stopped compute to come back before its hosts count as down.
                Map.entry("nova.servicegroup.service-down-time", "60s"))).start();
        admin = stack.admin();
        Servers.awaitTrue("the compute hosts report up", Duration.ofSeconds(60),
                () -> Servers.upServices(admin).stream().filter(s -> s.startsWith("nova-compute:")).count() == 8);
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (stack != null) {
                stack.close();
            }
        } finally {
            if (vhost != null) {
                vhost.close();
            }
        }
    }

    @Test
    @Order(1)
    void everyBootInFlightEndsActiveOrInErrorWithAFaultAndNoneIsLost() throws Exception {
        for (int i = 0; i < BOOTS / 20; i++) {
            Servers.boot(admin, "storm-" + i, "1", "auto", 20);
        }
        long inFlight = Servers.all(admin).stream().filter(s -> s.get("status").asString().equals("BUILD")).count();

        TestBroker.get().restart(3000);
        long restartedAt = System.nanoTime();

        // Recovery: the time until a new boot goes through every service again.
        String probe = null;
        while (probe == null) {
            ApiClient.Response created = admin.post("/v2.1/servers", Map.of("server", Map.of("name", "probe",
                    "imageRef", Servers.CIRROS, "flavorRef", "1", "networks", "auto")));
            if (created.status() == 202) {
                probe = created.json().at("/server/id").asString();
            } else {
                assertThat(created.status()).as(created.toString()).isEqualTo(503);
                Servers.sleep(200);
            }
        }
        JsonNode probed = Servers.await(admin, probe, Duration.ofSeconds(60), Servers::settled);
        double recovery = (System.nanoTime() - restartedAt) / 1e9;

        List<JsonNode> storm = Servers.all(admin).stream().filter(s -> s.get("name").asString().startsWith("storm-"))
                .map(s -> Servers.await(admin, s.get("id").asString(), BUILD_TIMEOUT.plusSeconds(30),
                        Servers::settled))
                .toList();
        Map<String, Long> outcomes = storm.stream().collect(Collectors.groupingBy(
                s -> s.get("status").asString(), Collectors.counting()));
        List<String> faults = storm.stream().filter(s -> s.get("status").asString().equals("ERROR"))
                .map(s -> s.at("/fault/message").asString()).toList();
        long lost = faults.stream().filter(f -> f.contains("timed out")).count();
        System.out.printf("broker restart: %d boots, %d in BUILD at the restart, ACTIVE %d, ERROR %d, lost %d;"
                        + " a new boot went through %.1f s after start_app (%s); faults %s%n",
                storm.size(), inFlight, outcomes.getOrDefault("ACTIVE", 0L), outcomes.getOrDefault("ERROR", 0L),
                lost, recovery, probed.get("status").asString(),
                faults.stream().collect(Collectors.groupingBy(f -> f, Collectors.counting())));

        assertThat(storm).hasSize(BOOTS);
        assertThat(faults).as("every ERROR has a fault").allMatch(f -> !f.isBlank());
        assertThat(lost).as("builds that only the build timeout ended").isZero();
        assertThat(probed.get("status").asString()).isEqualTo("ACTIVE");
    }

    @Test
    @Order(2)
    void aBuildCastToAComputeThatIsDownWaitsInItsDurableQueueAndIsBuiltWhenItComesBack() {
        stack.compute.stop();
        // Its hosts still count as up for a while, so the conductor casts the build to one of their durable queues.
        String id = Servers.boot(admin, "patient", "1", "none", 1).json().at("/server/id").asString();
        JsonNode waiting = Servers.await(admin, id, Duration.ofSeconds(30),
                s -> !s.get("OS-EXT-SRV-ATTR:host").isNull());
        assertThat(waiting.get("status").asString()).isEqualTo("BUILD");

        stack.compute.start();
        JsonNode built = Servers.await(admin, id, Duration.ofSeconds(120), Servers::settled);
        assertThat(built.get("status").asString()).as(built.toString()).isEqualTo("ACTIVE");
        assertThat(built.get("OS-EXT-SRV-ATTR:host").asString()).isEqualTo(waiting.get("OS-EXT-SRV-ATTR:host").asString());
    }
}
