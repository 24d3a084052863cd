package org.novasim.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.novasim.api.ApiClient;
import org.novasim.api.flow.FlowBrowser;

/**
 * The flow page of nova-api in Debian's headless Chromium against the whole stack: a boot's messages are drawn in
 * order once its request is picked, and a click shows an envelope that does not hold the server's admin password.
 * The test's screenshot ({@code nova-api/target/flow.png}) is the one the README shows ({@code docs/flow.png}).
 */
class FlowPageIT {

    private static NovaStack stack;
    private static ApiClient admin;

    @BeforeAll
    static void start() throws Exception {
        stack = new NovaStack().start().awaitServicesUp();
        admin = stack.admin();
    }

    @AfterAll
    static void stop() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aBootIsDrawnOnceItsRequestIsPickedAndItsEnvelopeKeepsTheAdminPasswordOut() {
        ApiClient noToken = new ApiClient(stack.api.url(), null);
        ApiClient.Response page = noToken.get("/flow");
        assertThat(page.status()).as("the page itself needs no token").isEqualTo(200);
        assertThat(page.raw().body()).contains("message flow");
        assertThat(noToken.get("/flow/flow.js").status()).isEqualTo(200);
        assertThat(noToken.get("/actuator/flow").status()).as("its data does").isEqualTo(401);

        ApiClient alice = admin.as("alice:e2e-project");
        ApiClient.Response created = Servers.boot(alice, "flow-1", "1", "auto", 1);
        String serverId = created.json().at("/server/id").asString();
        String requestId = created.header("X-Openstack-Request-Id");
        String adminPass = created.json().at("/server/adminPass").asString();
        assertThat(adminPass).isNotBlank();
        Servers.await(alice, serverId, Duration.ofSeconds(90), s -> s.get("status").asString().equals("ACTIVE"));

        try (FlowBrowser browser = new FlowBrowser()) {
            browser.open(stack.api.url());
            assertThat(browser.asksForToken()).as("nova.actuator.admin-only is on by default").isTrue();
            browser.enterToken("admin:admin").awaitDiagram();
            assertThat(browser.url()).doesNotContain("admin:admin");

            browser.pickRequest(requestId);
            browser.screenshot(Path.of("target/flow-picked.png")); // for a look when what follows fails
            List<String> arrows = browser.awaitArrows(a -> a.contains("CALL allocate_for_instance")
                    && a.stream().anyMatch(s -> s.startsWith("REPLY")) && a.contains("CAST build_and_run_instance"));
            assertThat(arrows).containsSubsequence("CAST schedule_and_build_instances", "CAST build_and_run_instance",
                    "CALL allocate_for_instance");
            assertThat(browser.replyRowsTo("allocate_for_instance")).as("the call is paired with its reply")
                    .isNotEmpty();
            assertThat(browser.lanes()).anyMatch(lane -> lane.startsWith("nova-compute"));
            assertThat(browser.text()).as("durations are shown").containsPattern("\\d ms");

            String detail = browser.showEnvelope("build_and_run_instance");
            assertThat(detail).contains("\"method\": \"build_and_run_instance\"", "request context",
                    "\"_context_request_id\": \"" + requestId + "\"", "\"admin_password\": \"***\"");
            assertThat(browser.source()).doesNotContain(adminPass);
            browser.scrollToTheFirstArrow().screenshot(Path.of("target/flow.png"));

            browser.pickServer(serverId);
            assertThat(browser.awaitArrows(a -> a.contains("CAST build_and_run_instance")))
                    .as("the server's messages, by instance").contains("CALL allocate_for_instance");
        }
        alice.delete("/v2.1/servers/" + serverId);
    }
}
