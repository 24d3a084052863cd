package org.novasim.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.novasim.testsupport.TestBroker;
import org.novasim.testsupport.TestDatabase;

import tools.jackson.databind.JsonNode;

/**
 * With publisher confirms, a boot whose cast nothing can take is not silently dropped: once it has been handed back
 * for the few seconds a conductor's route may take to come back after a broker node was lost, the API answers 503 in
 * Nova's format and the instance it recorded goes to ERROR with the reason.
 */
class UnreachableConductorTest {

    @TempDir
    Path state;

    @Test
    void aCastNothingTakesIsA503AndAnInstanceInError() {
        try (NovaApiNode node = NovaApiNode.start(TestDatabase.Kind.H2, state, TestBroker.uniqueName("test_api"),
                TestBroker.uniqueName("conductor_nobody_serves"), "nova.rpc.publisher-confirms=true")) {
            ApiClient.Response created = node.admin.post("/v2.1/servers", Map.of("server", Map.of("name", "orphan",
                    "imageRef", "a1c0a5b2-5c29-4d36-9a4f-3c6f0e6b7c01", "flavorRef", "1", "networks", "none")));
            assertThat(created.status()).as(created.toString()).isEqualTo(503);
            assertThat(created.json().at("/serviceUnavailable/message").asString()).contains("no queue is bound");

            JsonNode servers = node.admin.get("/v2.1/servers/detail").json().get("servers");
            assertThat(servers).hasSize(1);
            assertThat(servers.get(0).get("status").asString()).isEqualTo("ERROR");
            assertThat(servers.get(0).at("/fault/message").asString()).startsWith("Failed to schedule the build");
        }
    }
}
