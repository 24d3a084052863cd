package org.novasim.messaging.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import org.novasim.messaging.MessagingTimeout;
import org.novasim.messaging.RemoteError;
import org.novasim.messaging.RequestContext;
import org.novasim.messaging.Target;
import org.novasim.messaging.config.RpcProperties;
import org.novasim.messaging.flow.FlowEvent.Direction;
import org.novasim.messaging.flow.FlowEvent.Kind;
import org.novasim.messaging.flow.FlowEvent.Outcome;
import org.novasim.messaging.rpc.RpcClient;
import org.novasim.messaging.rpc.RpcClientFactory;
import org.novasim.messaging.rpc.RpcEndpoint;
import org.novasim.messaging.rpc.RpcServerFactory;
import org.novasim.messaging.transport.AmqpTransport;
import org.novasim.messaging.transport.BindingSpec;
import org.novasim.messaging.transport.QueueSpec;
import org.novasim.testsupport.MessagingNode;
import org.novasim.testsupport.TestBroker;

/** What a user watching the flow sees: the rpc endpoint's topology, counters and message log, and the metrics. */
class RpcObservabilityTest {

    @RpcEndpoint(topic = "unused")
    public static class Greeter {
        public String greet(String name) {
            return "hello " + name;
        }

        public void refuse() {
            throw new IllegalArgumentException("no");
        }
    }

    private static final String EXCHANGE = TestBroker.uniqueName("test_flow");
    private static final String TOPIC = TestBroker.uniqueName("greeter");

    private static ConfigurableApplicationContext node;
    private static RpcClient client;

    @BeforeAll
    static void start() {
        node = MessagingNode.start(EXCHANGE, "flow-node", List.of());
        node.getBean(RpcServerFactory.class).start(Target.topic(TOPIC).withServer("flow-node"), List.of(new Greeter()));
        client = node.getBean(RpcClientFactory.class).client(Target.topic(TOPIC), Duration.ofSeconds(10));
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void oneRequestIdShowsEveryMessageOfThatRequestInOrder() {
        RequestContext ctx = RequestContext.admin();
        client.call(ctx, "greet", Map.of("name", "nova"));
        client.cast(ctx, "greet", Map.of("name", "again"));

        RpcActuatorEndpoint endpoint = node.getBean(RpcActuatorEndpoint.class);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> endpoint.rpc(ctx.requestId(), null).messages().size() == 6);
        List<FlowEvent> messages = endpoint.rpc(ctx.requestId(), null).messages();

        assertThat(messages).extracting(FlowEvent::direction, FlowEvent::kind, FlowEvent::outcome).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Direction.SENT, Kind.CALL, Outcome.SENT),
                org.assertj.core.groups.Tuple.tuple(Direction.RECEIVED, Kind.CALL, Outcome.HANDLED),
                org.assertj.core.groups.Tuple.tuple(Direction.SENT, Kind.REPLY, Outcome.SENT),
                org.assertj.core.groups.Tuple.tuple(Direction.RECEIVED, Kind.REPLY, Outcome.REPLIED),
                org.assertj.core.groups.Tuple.tuple(Direction.SENT, Kind.CAST, Outcome.SENT),
                org.assertj.core.groups.Tuple.tuple(Direction.RECEIVED, Kind.CAST, Outcome.HANDLED));
        assertThat(messages).allSatisfy(e -> {
            assertThat(e.requestId()).isEqualTo(ctx.requestId());
            assertThat(e.method()).isEqualTo("greet");
        });
        assertThat(messages.get(0).exchange()).isEqualTo(EXCHANGE);
        assertThat(messages.get(0).routingKey()).isEqualTo(TOPIC);
        assertThat(messages.get(0).msgId()).hasSize(32).isEqualTo(messages.get(3).msgId());
        assertThat(messages.get(2).routingKey()).startsWith("reply_");
        assertThat(messages.get(3).durationMs()).isPositive();
    }

    @Test
    void theEndpointShowsTheTopologyOsloDeclares() {
        client.call(RequestContext.admin(), "greet", Map.of("name", "x"));
        RpcActuatorEndpoint.Report report = node.getBean(RpcActuatorEndpoint.class).rpc(null, 5);

        assertThat(report.host()).isEqualTo("flow-node");
        assertThat(report.controlExchange()).isEqualTo(EXCHANGE);
        assertThat(report.topology().exchanges()).anySatisfy(e -> {
            assertThat(e.name()).isEqualTo(EXCHANGE);
            assertThat(e.type()).isEqualTo("topic");
        }).anySatisfy(e -> {
            assertThat(e.name()).isEqualTo(TOPIC + "_fanout");
            assertThat(e.type()).isEqualTo("fanout");
            assertThat(e.autoDelete()).isTrue();
        });
        assertThat(report.topology().queues()).extracting(q -> q.name())
                .contains(TOPIC, TOPIC + ".flow-node")
                .anyMatch(n -> n.matches(TOPIC + "_fanout_[0-9a-f]{32}"))
                .anyMatch(n -> n.matches("reply_[0-9a-f]{32}"));
        assertThat(report.topology().bindings()).anySatisfy(b -> {
            assertThat(b.queue()).isEqualTo(TOPIC + ".flow-node");
            assertThat(b.exchange()).isEqualTo(EXCHANGE);
            assertThat(b.routingKey()).isEqualTo(TOPIC + ".flow-node");
        });
        assertThat(report.topology().consumers()).anySatisfy(c -> {
            assertThat(c.queues()).contains(TOPIC, TOPIC + ".flow-node");
            assertThat(c.active()).isTrue();
        });
        assertThat(report.messages()).hasSize(5);
        assertThat(report.recorded()).isGreaterThanOrEqualTo(5);
    }

    @Test
    void countersAndMetricsCountCallsCastsFailuresAndTimeouts() {
        RequestContext ctx = RequestContext.admin();
        MessageFlowRecorder recorder = node.getBean(MessageFlowRecorder.class);
        MethodCountersView before = counters(recorder, "refuse");
        assertThatThrownBy(() -> client.call(ctx, "refuse", Map.of())).isInstanceOf(RemoteError.class);
        // A queue nobody consumes: the broker takes the call and nobody answers it.
        String silent = TestBroker.uniqueName("void");
        AmqpTransport transport = node.getBean(AmqpTransport.class);
        QueueSpec queue = new QueueSpec(silent, false, false, Map.of());
        transport.declare(queue);
        transport.declare(new BindingSpec(silent, node.getBean(RpcProperties.class).controlExchange(), silent));
        RpcClient nowhere = node.getBean(RpcClientFactory.class).client(Target.topic(silent), Duration.ofMillis(300));
        try {
            assertThatThrownBy(() -> nowhere.call(ctx, "anything", Map.of())).isInstanceOf(MessagingTimeout.class);
        } finally {
            transport.forget(queue, true);
        }

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> counters(recorder, "refuse").failed() == before.failed() + 2);
        MethodCountersView after = counters(recorder, "refuse");
        assertThat(after.sent()).isEqualTo(before.sent() + 1);
        // One small call, oslo's envelope (with its request context) included: hundreds of bytes, not a count.
        assertThat(after.sentBytes() - before.sentBytes()).as("bytes of the one call sent").isBetween(100L, 8000L);
        assertThat(after.received()).isEqualTo(before.received() + 1);
        assertThat(recorder.counters()).anySatisfy(c -> {
            assertThat(c.topic()).isEqualTo(nowhere.target().topic());
            assertThat(c.timedOut()).isEqualTo(1);
        });

        MeterRegistry registry = node.getBean(MeterRegistry.class);
        assertThat(registry.get("rpc.client.calls").tags("topic", TOPIC, "method", "refuse", "outcome", "failed")
                .timer().count()).isGreaterThanOrEqualTo(1);
        assertThat(registry.get("rpc.client.calls").tags("topic", nowhere.target().topic(), "outcome", "timed_out")
                .timer().count()).isEqualTo(1);
        assertThat(registry.get("rpc.server.requests").tags("topic", TOPIC, "method", "refuse", "kind", "call",
                "outcome", "failed").timer().count()).isGreaterThanOrEqualTo(1);

        client.cast(ctx, "greet", Map.of("name", "metrics"));
        assertThat(registry.get("rpc.client.casts").tags("topic", TOPIC, "method", "greet", "kind", "cast")
                .timer().count()).isGreaterThanOrEqualTo(1);
        String scrape = node.getBean(PrometheusMeterRegistry.class).scrape();
        assertThat(scrape).contains("rpc_client_calls_seconds_count{").contains("rpc_server_requests_seconds_count{")
                .contains("method=\"refuse\"");
    }

    private static MethodCountersView counters(MessageFlowRecorder recorder, String method) {
        return recorder.counters().stream().filter(c -> TOPIC.equals(c.topic()) && method.equals(c.method()))
                .findFirst().orElse(new MethodCountersView(TOPIC, method, 0, 0, 0, 0, 0, 0, 0, 0, 0));
    }
}
