package org.novasim.messaging.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import org.novasim.messaging.RequestContext;
import org.novasim.messaging.Target;
import org.novasim.messaging.flow.FlowEvent.Direction;
import org.novasim.messaging.flow.FlowEvent.Kind;
import org.novasim.messaging.flow.FlowEvent.Outcome;
import org.novasim.messaging.rpc.RpcClient;
import org.novasim.messaging.rpc.RpcClientFactory;
import org.novasim.messaging.rpc.RpcEndpoint;
import org.novasim.messaging.rpc.RpcServerFactory;
import org.novasim.messaging.notify.Notifier;
import org.novasim.messaging.transport.AmqpTransport;
import org.novasim.messaging.wire.MessageIds;
import org.novasim.messaging.wire.OsloJson;
import org.novasim.messaging.wire.RpcRequest;
import org.novasim.testsupport.MessagingNode;
import org.novasim.testsupport.TestBroker;

import tools.jackson.databind.node.ObjectNode;

/**
 * The merged flow on the real broker: a "scheduler" process calls a "worker" process; the collector in the first
 * one holds the records of both, in time order, found by request id or by instance, with envelopes free of secrets.
 */
class MergedFlowTest {

    @RpcEndpoint(topic = "unused")
    public static class Worker {
        public String build(String instanceUuid, String adminPassword) {
            return "built " + instanceUuid;
        }
    }

    private static final String EXCHANGE = TestBroker.uniqueName("test_mflow");
    private static final String TOPIC = TestBroker.uniqueName("worker");

    private static ConfigurableApplicationContext api;
    private static ConfigurableApplicationContext worker;
    private static ConfigurableApplicationContext silent;
    private static RpcClient client;

    @BeforeAll
    static void start() {
        api = MessagingNode.start(EXCHANGE, "api-node", List.of(), "nova.rpc.flow.collect=true",
                "nova.rpc.flow.interval=50ms");
        worker = MessagingNode.start(EXCHANGE, "worker-node", List.of(), "nova.rpc.flow.interval=50ms");
        silent = MessagingNode.start(EXCHANGE, "silent-node", List.of(), "nova.rpc.flow.publish=false");
        worker.getBean(RpcServerFactory.class).start(Target.topic(TOPIC).withServer("worker-1"), List.of(new Worker()));
        client = api.getBean(RpcClientFactory.class).client(Target.topic(TOPIC), Duration.ofSeconds(10));
    }

    @AfterAll
    static void stop() {
        for (ConfigurableApplicationContext node : new ConfigurableApplicationContext[] {silent, worker, api}) {
            if (node != null) {
                node.close();
            }
        }
    }

    private static RequestContext contextWithToken() {
        return new RequestContext(RequestContext.newRequestId(), null, "user", "project", List.of("admin"), true,
                Map.of("auth_token", "secret-token-123"));
    }

    @Test
    void oneRequestIsFollowedAcrossProcessesInTimeOrder() {
        RequestContext ctx = contextWithToken();
        String instance = UUID.randomUUID().toString();
        client.prepare(o -> o.server("worker-1")).call(ctx, "build",
                Map.of("instance_uuid", instance, "admin_password", "hunter2"));
        api.getBean(Notifier.class).info(ctx, "instance.create.end", Map.of("nova_object.name", "Payload",
                "nova_object.data", Map.of("uuid", instance)));

        FlowActuatorEndpoint endpoint = api.getBean(FlowActuatorEndpoint.class);
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> endpoint.flow(ctx.requestId(), null, null).messages().size() == 5);
        List<FlowRecord> messages = endpoint.flow(ctx.requestId(), null, null).messages();

        assertThat(messages).extracting(FlowRecord::service, FlowRecord::direction, FlowRecord::kind,
                        FlowRecord::outcome)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("api-node", Direction.SENT, Kind.CALL, Outcome.SENT),
                        org.assertj.core.groups.Tuple.tuple("worker-node", Direction.RECEIVED, Kind.CALL, Outcome.HANDLED),
                        org.assertj.core.groups.Tuple.tuple("worker-node", Direction.SENT, Kind.REPLY, Outcome.SENT),
                        org.assertj.core.groups.Tuple.tuple("api-node", Direction.RECEIVED, Kind.REPLY, Outcome.REPLIED),
                        org.assertj.core.groups.Tuple.tuple("api-node", Direction.SENT, Kind.NOTIFICATION, Outcome.SENT));
        assertThat(messages).allSatisfy(m -> {
            assertThat(m.instance()).isEqualTo(instance);
            assertThat(m.requestId()).isEqualTo(ctx.requestId());
            assertThat(m.envelope()).isNull();
            assertThat(m.id()).startsWith(m.service() + ":");
        });
        assertThat(messages.get(1).host()).as("the server that handled it").isEqualTo("worker-1");
        assertThat(messages.get(0).host()).isEqualTo("api-node");
        assertThat(messages.get(0).method()).isEqualTo("build");
        assertThat(messages.get(0).routingKey()).isEqualTo(TOPIC + ".worker-1");
        assertThat(messages.get(1).durationMs()).isNotNull();

        // The same path by instance: the reply, whose body does not name it, inherits it from its call.
        assertThat(endpoint.flow(null, instance, null).messages()).extracting(FlowRecord::id)
                .containsExactlyElementsOf(messages.stream().map(FlowRecord::id).toList());
        assertThat(endpoint.flow(ctx.requestId(), null, 2).messages()).extracting(FlowRecord::id)
                .containsExactly(messages.get(3).id(), messages.get(4).id());
    }

    @Test
    void oneMessageShowsItsEnvelopeWithoutSecrets() {
        RequestContext ctx = contextWithToken();
        String instance = UUID.randomUUID().toString();
        client.prepare(o -> o.server("worker-1")).call(ctx, "build",
                Map.of("instance_uuid", instance, "admin_password", "hunter2"));
        FlowActuatorEndpoint endpoint = api.getBean(FlowActuatorEndpoint.class);
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> endpoint.flow(ctx.requestId(), null, null).messages().size() == 4);
        FlowRecord call = endpoint.flow(ctx.requestId(), null, null).messages().get(0);

        FlowRecord shown = endpoint.message(call.id());
        assertThat(shown).isNotNull();
        String envelope = shown.envelope().toString();
        assertThat(shown.envelope().get("oslo.version").asString()).isEqualTo("2.0");
        assertThat(shown.envelope().get("oslo.message").get("method").asString()).isEqualTo("build");
        assertThat(shown.envelope().get("oslo.message").get("args").get("instance_uuid").asString()).isEqualTo(instance);
        assertThat(shown.envelope().get("oslo.message").get("args").get("admin_password").asString()).isEqualTo("***");
        assertThat(shown.envelope().get("oslo.message").get("_context_auth_token").asString()).isEqualTo("***");
        assertThat(envelope).doesNotContain("hunter2").doesNotContain("secret-token-123");
        assertThat(endpoint.message("api-node:999999999")).isNull();

        // The receiving side shows the body its sender published, secrets hidden alike.
        FlowRecord received = endpoint.flow(ctx.requestId(), null, null).messages().get(1);
        assertThat(received.direction()).isEqualTo(Direction.RECEIVED);
        assertThat(endpoint.message(received.id()).envelope()).isEqualTo(shown.envelope());
    }

    @Test
    void aReceivedCastShowsItsSendersEnvelopeWhicheverServicesRecordsCameInFirst() {
        String requestId = RequestContext.newRequestId();
        RequestContext ctx = new RequestContext(requestId, null, "user", "project", List.of("admin"), true, Map.of());
        String routingKey = TOPIC + ".worker-1";
        Instant sent = Instant.now();
        FlowEvent first = FlowEvent.at(sent, Direction.SENT, Kind.CAST, EXCHANGE, routingKey, TOPIC, "build", null,
                requestId, null, Outcome.SENT, null);
        FlowEvent received = FlowEvent.at(sent.plusMillis(3), Direction.RECEIVED, Kind.CAST, EXCHANGE, routingKey,
                TOPIC, "build", null, requestId, 2.0, Outcome.HANDLED, null);
        FlowEvent again = FlowEvent.at(sent.plusMillis(9), Direction.SENT, Kind.CAST, EXCHANGE, routingKey, TOPIC,
                "build", null, requestId, null, Outcome.SENT, null); // the same cast sent again later
        AmqpTransport transport = api.getBean(AmqpTransport.class);
        String source = TestBroker.uniqueName("batch");

        // The receiver's batch comes in before its sender's.
        publishBatch(transport, new FlowBatch(source + "-worker", "worker-node",
                List.of(new FlowBatch.Entry(1, "worker-1", null, received, null))));
        publishBatch(transport, new FlowBatch(source + "-api", "api-node", List.of(
                new FlowBatch.Entry(1, "api-node", null, first, castBody(ctx, "first")),
                new FlowBatch.Entry(2, "api-node", null, again, castBody(ctx, "again")))));
        FlowActuatorEndpoint endpoint = api.getBean(FlowActuatorEndpoint.class);
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> endpoint.flow(requestId, null, null).messages().size() == 3);
        FlowRecord receivedRecord = endpoint.flow(requestId, null, null).messages().stream()
                .filter(m -> m.direction() == Direction.RECEIVED).findFirst().orElseThrow();

        assertThat(endpoint.message(receivedRecord.id()).envelope().get("oslo.message").get("args").get("instance_uuid")
                .asString()).as("the cast sent before it was received, not the later one").isEqualTo("first");
    }

    private static String castBody(RequestContext ctx, String instanceUuid) {
        ObjectNode args = OsloJson.mapper().createObjectNode().put("instance_uuid", instanceUuid);
        return new String(new RpcRequest("build", args, null, "1.0", null, null, MessageIds.newHex(), ctx).toBody(),
                StandardCharsets.UTF_8);
    }

    private static void publishBatch(AmqpTransport transport, FlowBatch batch) {
        transport.publish(EXCHANGE + "_flow", "", false, AmqpTransport.properties(), batch.encode());
    }

    @Test
    void aProcessWithPublishingOffKeepsItsRecordsHome() {
        RequestContext ctx = RequestContext.admin();
        RpcClient fromSilent = silent.getBean(RpcClientFactory.class).client(Target.topic(TOPIC), Duration.ofSeconds(10));
        fromSilent.prepare(o -> o.server("worker-1")).call(ctx, "build", Map.of("instance_uuid", "x", "admin_password", "y"));
        FlowActuatorEndpoint endpoint = api.getBean(FlowActuatorEndpoint.class);
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> endpoint.flow(ctx.requestId(), null, null).messages().size() == 2);
        // Only the worker's side arrives; the silent process's own records stay in its /actuator/rpc.
        Awaitility.await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                .until(() -> endpoint.flow(ctx.requestId(), null, null).messages().size() == 2);
        assertThat(endpoint.flow(ctx.requestId(), null, null).messages()).extracting(FlowRecord::service)
                .containsOnly("worker-node");
        assertThat(silent.getBean(RpcActuatorEndpoint.class).rpc(ctx.requestId(), null).messages()).hasSize(2);
    }

    @Test
    void theLiveListenerSeesEachRecordAsItArrives() {
        FlowCollector collector = api.getBean(FlowCollector.class);
        List<FlowRecord> seen = new CopyOnWriteArrayList<>();
        RequestContext ctx = RequestContext.admin();
        java.util.function.Consumer<FlowRecord> listener = r -> {
            if (ctx.requestId().equals(r.requestId())) {
                seen.add(r);
            }
        };
        collector.addListener(listener);
        try {
            client.prepare(o -> o.server("worker-1")).cast(ctx, "build", Map.of("instance_uuid", "a", "admin_password", "b"));
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 2);
            assertThat(seen).extracting(FlowRecord::kind).containsOnly(Kind.CAST);
        } finally {
            collector.removeListener(listener);
        }
    }

    @Test
    void recordsLostOnTheWayAreCounted() {
        FlowCollector collector = api.getBean(FlowCollector.class);
        long before = collector.dropped();
        // A source whose sequence jumps from 1 to 5 lost three records.
        FlowEvent event = FlowEvent.now(Direction.SENT, Kind.CAST, EXCHANGE, "t", "t", "m", null, null, null,
                Outcome.SENT, null);
        FlowBatch batch = new FlowBatch("test-source", "test", List.of(
                new FlowBatch.Entry(1, "h", null, event, null), new FlowBatch.Entry(5, "h", null, event, null)));
        api.getBean(org.novasim.messaging.transport.AmqpTransport.class).publish(
                new FlowProperties(true, "", 1, Duration.ofMillis(1), 1, true, 1, List.of(), List.of(), true, 1, 1)
                        .exchangeName(EXCHANGE), "", false,
                org.novasim.messaging.transport.AmqpTransport.properties(), batch.encode());
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> collector.dropped() >= before + 3);

        // Two of them arrive late (recorded at once on two threads, they reached the buffer out of order).
        FlowBatch late = new FlowBatch("test-source", "test", List.of(
                new FlowBatch.Entry(3, "h", null, event, null), new FlowBatch.Entry(2, "h", null, event, null)));
        api.getBean(org.novasim.messaging.transport.AmqpTransport.class).publish(
                new FlowProperties(true, "", 1, Duration.ofMillis(1), 1, true, 1, List.of(), List.of(), true, 1, 1)
                        .exchangeName(EXCHANGE), "", false,
                org.novasim.messaging.transport.AmqpTransport.properties(), late.encode());
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> collector.dropped() == before + 1);
    }
}
