package org.novasim.messaging.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import org.novasim.messaging.MessagingTimeout;
import org.novasim.messaging.RemoteError;
import org.novasim.messaging.RequestContext;
import org.novasim.messaging.Target;
import org.novasim.messaging.notify.Notifier;
import org.novasim.messaging.notify.VersionedPayload;
import org.novasim.messaging.rpc.RpcClient;
import org.novasim.messaging.rpc.RpcClientFactory;
import org.novasim.messaging.rpc.RpcServerFactory;
import org.novasim.messaging.wire.OsloJson;
import org.novasim.testsupport.MessagingNode;
import org.novasim.testsupport.PythonPeer;
import org.novasim.testsupport.TestBroker;

import tools.jackson.databind.JsonNode;

/**
 * Wire compatibility with the real thing: Debian's oslo.messaging 14, run by /usr/bin/python3, calls and casts a
 * Java server, serves a Java client, and listens to a Java notifier, all on the same broker.
 */
class OsloInteropTest {

    private static final String EXCHANGE = TestBroker.uniqueName("test_interop");
    private static final String NOTIFICATION_TOPIC = TestBroker.uniqueName("notifications");
    private static final Duration START = Duration.ofSeconds(60);

    private static ConfigurableApplicationContext node;

    private final RequestContext ctx = new RequestContext("req-java-1", null, "bob", "project-b", List.of("admin"), true, Map.of());

    @BeforeAll
    static void startNode() {
        node = MessagingNode.start(EXCHANGE, "java-node", List.of(),
                "nova.rpc.notifications.topics=" + NOTIFICATION_TOPIC);
    }

    @AfterAll
    static void stopNode() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void aPythonClientCallsAndCastsAJavaServer() throws Exception {
        String topic = TestBroker.uniqueName("java_served");
        PeerFacingEndpoint endpoint = new PeerFacingEndpoint("java-1");
        node.getBean(RpcServerFactory.class).start(Target.topic(topic).withServer("java-1"), List.of(endpoint));

        JsonNode results;
        try (PythonPeer client = PythonPeer.start("client", EXCHANGE, "--topic", topic, "--server", "java-1")) {
            results = OsloJson.mapper().readTree(client.nextLine(START));
        }

        assertThat(results.at("/call/result/text").asString()).isEqualTo("hello");
        assertThat(results.at("/call/result/count").asInt()).isEqualTo(3);
        assertThat(results.at("/call/result/request_id").asString()).isEqualTo("req-python-peer");
        assertThat(results.at("/call/result/user_id").asString()).isEqualTo("alice");
        assertThat(results.at("/call_server/result/server").asString()).isEqualTo("java-1");
        assertThat(List.of(endpoint.remembered.poll(10, TimeUnit.SECONDS), endpoint.remembered.poll(10, TimeUnit.SECONDS)))
                .containsExactlyInAnyOrder("cast-from-python@req-python-peer", "fanout-from-python@req-python-peer");
        // A builtins exception is rebuilt by the Python client as the real class.
        assertThat(results.at("/value_error/error").asString()).isEqualTo("ValueError");
        assertThat(results.at("/value_error/text").asString()).startsWith("bad value");
        // Any other class arrives as oslo's RemoteError with the remote class name.
        assertThat(results.at("/java_error/error").asString()).isEqualTo("RemoteError");
        assertThat(results.at("/java_error/exc_type").asString()).isEqualTo("IllegalStateException");
        assertThat(results.at("/java_error/value").asString()).isEqualTo("java says no");
        assertThat(results.at("/no_such_method/exc_type").asString()).isEqualTo("NoSuchMethod");
        assertThat(results.at("/unsupported_version/exc_type").asString()).isEqualTo("UnsupportedVersion");
        assertThat(results.at("/type_error/error").asString()).isEqualTo("TypeError");
        assertThat(results.at("/type_error/text").asString()).contains("unexpected keyword argument 'colour'");
    }

    @Test
    void theJavaClientCallsAndCastsAPythonServer() throws Exception {
        String topic = TestBroker.uniqueName("python_served");
        try (PythonPeer server = PythonPeer.start("server", EXCHANGE, "--topic", topic, "--server", "py-1").awaitReady(START)) {
            RpcClient client = node.getBean(RpcClientFactory.class).client(Target.topic(topic).withVersion("1.2"),
                    Duration.ofSeconds(15));

            JsonNode echo = client.call(ctx, "echo", Map.of("text", "from java", "sizes", List.of(1, 2)));
            assertThat(echo.at("/args/text").asString()).isEqualTo("from java");
            assertThat(echo.at("/args/sizes/1").asInt()).isEqualTo(2);
            assertThat(echo.at("/request_id").asString()).isEqualTo("req-java-1");
            assertThat(echo.at("/user_id").asString()).isEqualTo("bob");
            assertThat(echo.at("/roles/0").asString()).isEqualTo("admin");
            assertThat(client.prepare(o -> o.server("py-1")).call(ctx, "echo", Map.of()).at("/server").asString())
                    .isEqualTo("py-1");

            client.cast(ctx, "remember", Map.of("value", "cast-from-java"));
            client.prepare(o -> o.fanout(true)).cast(ctx, "remember", Map.of("value", "fanout-from-java"));
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                    assertThat(client.call(ctx, "recall", Map.of()).findValues("value").stream().map(JsonNode::asString))
                            .containsExactlyInAnyOrder("cast-from-java", "fanout-from-java"));

            assertThatThrownBy(() -> client.call(ctx, "boom", Map.of("message", "bad input")))
                    .isInstanceOfSatisfying(RemoteError.class, e -> {
                        assertThat(e.excType()).isEqualTo("ValueError");
                        assertThat(e.module()).isEqualTo("builtins");
                        assertThat(e.value()).isEqualTo("bad input");
                        assertThat(String.join("", e.traceback())).contains("Traceback").contains("raise ValueError");
                    });
            assertThatThrownBy(() -> client.call(ctx, "custom", Map.of()))
                    .isInstanceOfSatisfying(RemoteError.class, e -> {
                        assertThat(e.excType()).isEqualTo("PeerError");
                        assertThat(e.module()).isEqualTo("__main__");
                        assertThat(e.value()).isEqualTo("the peer failed on purpose");
                    });
            assertThatThrownBy(() -> client.call(ctx, "no_such", Map.of()))
                    .isInstanceOfSatisfying(RemoteError.class, e -> assertThat(e.excType()).isEqualTo("NoSuchMethod"));
            assertThatThrownBy(() -> client.prepare(o -> o.timeout(Duration.ofMillis(500))).call(ctx, "sleep", Map.of("seconds", 2)))
                    .isInstanceOf(MessagingTimeout.class).hasMessageContaining("sleep");
        }
    }

    @Test
    void aPythonListenerReceivesAJavaNotification() throws Exception {
        try (PythonPeer listener = PythonPeer.start("listen", EXCHANGE, "--topic", NOTIFICATION_TOPIC).awaitReady(START)) {
            VersionedPayload payload = new VersionedPayload("nova_object", "nova", "InstanceCreatePayload", "1.0",
                    Map.of("uuid", "abc", "state", "active"));
            node.getBean(Notifier.class).prepare("nova-compute:host1").info(ctx, "instance.create.end", payload);

            JsonNode seen = OsloJson.mapper().readTree(listener.nextLine(Duration.ofSeconds(20)));
            assertThat(seen.get("priority").asString()).isEqualTo("INFO");
            assertThat(seen.get("event_type").asString()).isEqualTo("instance.create.end");
            assertThat(seen.get("publisher_id").asString()).isEqualTo("nova-compute:host1");
            assertThat(seen.get("request_id").asString()).isEqualTo("req-java-1");
            assertThat(seen.at("/payload/nova_object.name").asString()).isEqualTo("InstanceCreatePayload");
            assertThat(seen.at("/payload/nova_object.namespace").asString()).isEqualTo("nova");
            assertThat(seen.at("/payload/nova_object.version").asString()).isEqualTo("1.0");
            assertThat(seen.at("/payload/nova_object.data/uuid").asString()).isEqualTo("abc");
            assertThat(seen.get("timestamp").asString()).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(\\.\\d{6})?");
        }
    }
}
