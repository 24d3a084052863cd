package org.novasim.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.novasim.api.ApiClient;
import org.novasim.testsupport.TestBroker;

import tools.jackson.databind.JsonNode;

/**
 * A nova-compute process killed with SIGKILL in the middle of builds: its hosts' services turn down after the
 * service down time, the conductor's periodic build check puts their building instances in ERROR with a fault, and
 * their claims no longer count against the hosts.
 */
class ComputeCrashIT {

    private static NovaStack stack;
    private static ApiClient admin;

    @BeforeAll
    static void start() throws Exception {
        // Spawns that take long enough to be caught in the middle.
        stack = new NovaStack(module -> TestBroker.get().transportUrl(), true, Map.of(
                "nova.compute.driver.boot-delay", "60s", "nova.conductor.build-check-interval", "2s")).start();
        admin = stack.admin();
        Servers.awaitTrue("the compute hosts report up", Duration.ofSeconds(60),
                () -> Servers.upServices(admin).contains("nova-compute:e2e-compute-1"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void buildsOnAKilledComputeEndInErrorWithAFaultAndReleaseTheirClaims() {
        Servers.boot(admin, "doomed", "1", "none", 6);
        List<String> ids = Servers.all(admin).stream().map(s -> s.get("id").asString()).toList();
        assertThat(ids).hasSize(6);
        for (String id : ids) {
            Servers.await(admin, id, Duration.ofSeconds(30),
                    s -> "spawning".equals(s.get("OS-EXT-STS:task_state").asString()));
        }
        assertThat(runningVms()).isEqualTo(6);

        long killedAt = System.nanoTime();
        stack.compute.kill();

        Servers.awaitTrue("the killed compute's hosts turn down", Duration.ofSeconds(30),
                () -> Servers.upServices(admin).stream().noneMatch(s -> s.startsWith("nova-compute:")));
        for (String id : ids) {
            JsonNode server = Servers.await(admin, id, Duration.ofSeconds(30), Servers::settled);
            assertThat(server.get("status").asString()).isEqualTo("ERROR");
            assertThat(server.at("/fault/message").asString()).matches("Compute host e2e-compute-\\d went down while"
                    + " the instance was building\\.");
        }
        System.out.printf("compute killed: %d building instances in ERROR %.1f s after the kill%n", ids.size(),
                (System.nanoTime() - killedAt) / 1e9);
        assertThat(runningVms()).as("the claims are released").isZero();

        // Nothing waits for the dead hosts: a new boot finds no valid host at once.
        String next = Servers.boot(admin, "after-the-crash", "1", "none", 1).json().at("/server/id").asString();
        JsonNode server = Servers.await(admin, next, Duration.ofSeconds(30), Servers::settled);
        assertThat(server.at("/fault/message").asString()).startsWith("No valid host was found.");
    }

    private static int runningVms() {
        return admin.get("/v2.1/os-hypervisors/detail").json().get("hypervisors").valueStream()
                .mapToInt(h -> h.get("running_vms").asInt()).sum();
    }
}
