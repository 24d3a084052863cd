package org.novasim.messaging.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.context.ConfigurableApplicationContext;

import org.novasim.messaging.RequestContext;
import org.novasim.messaging.Target;
import org.novasim.messaging.config.RpcProperties;
import org.novasim.messaging.flow.FlowEvent;
import org.novasim.messaging.flow.MessageFlowRecorder;
import org.novasim.messaging.flow.MethodCountersView;
import org.novasim.messaging.transport.AmqpTransport;
import org.novasim.messaging.wire.MessageIds;
import org.novasim.messaging.wire.OsloJson;
import org.novasim.messaging.wire.RpcRequest;

/** Bad messages are set aside and counted while good ones go on being handled; a redelivery is handled once. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PoisonAndDuplicateTest {

    private static final String EXCHANGE = org.novasim.testsupport.TestBroker.uniqueName("test_poison");
    private static final String TOPIC = org.novasim.testsupport.TestBroker.uniqueName("poisoned");

    private static ConfigurableApplicationContext node;
    private static Calculator calculator;
    private static RabbitTemplate raw;
    private static AmqpTransport transport;

    @BeforeAll
    static void start() {
        node = org.novasim.testsupport.MessagingNode.start(EXCHANGE, "poison-node", List.of());
        calculator = new Calculator("only");
        node.getBean(RpcServerFactory.class).start(Target.topic(TOPIC).withServer("only"), List.of(calculator));
        raw = new RabbitTemplate(node.getBean(ConnectionFactory.class));
        transport = node.getBean(AmqpTransport.class);
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            raw.execute(channel -> channel.queueDelete(node.getBean(RpcProperties.class).deadLetterQueueName()));
            node.close();
        }
    }

    private static void publish(byte[] body) {
        transport.publish(EXCHANGE, TOPIC, false, AmqpTransport.properties(), body);
    }

    /** A well-formed cast that no endpoint can take: unknown method, arguments that do not fit, a version too new. */
    private static byte[] request(String method, Map<String, String> args, String version) {
        RpcRequest request = new RpcRequest(method, OsloJson.mapper().valueToTree(args), null, version, null, null,
                MessageIds.newHex(), RequestContext.admin());
        return request.toBody();
    }

    private static byte[] cast(String uniqueId, String value) {
        RpcRequest request = new RpcRequest("remember", OsloJson.mapper().valueToTree(Map.of("value", value)), null,
                "1.0", null, null, uniqueId, RequestContext.admin());
        return request.toBody();
    }

    @Test
    @Order(1) // first, so that the dead-letter queue holds only what it sends
    void malformedMessagesAreSetAsideCountedAndTheConsumerGoesOn() throws Exception {
        String dlq = node.getBean(RpcProperties.class).deadLetterQueueName();
        byte[] huge = ("{\"junk\": \"" + "x".repeat(2_000_000)).getBytes(StandardCharsets.UTF_8);
        List<byte[]> poison = List.of(
                "this is not JSON".getBytes(StandardCharsets.UTF_8),
                "[1, 2, 3]".getBytes(StandardCharsets.UTF_8),
                "{\"oslo.version\": \"2.0\", \"oslo.message\": \"{\\\"args\\\": {}}\"}".getBytes(StandardCharsets.UTF_8),
                "{\"oslo.version\": \"3.0\", \"oslo.message\": \"{}\"}".getBytes(StandardCharsets.UTF_8),
                "{\"oslo.version\": \"2.0\", \"oslo.message\": \"{not json\"}".getBytes(StandardCharsets.UTF_8),
                "{\"method\": \"remember\", \"args\": [\"a\", \"list\"]}".getBytes(StandardCharsets.UTF_8));
        // At least a thousand bad messages, one huge body (2 MB) in every fifty rounds, and a valid cast in each.
        int rounds = 112;
        int bad = 0;
        for (int round = 0; round < rounds; round++) {
            for (byte[] body : poison) {
                publish(body);
                bad++;
            }
            // Well formed, each with its own _unique_id, but no endpoint can take them.
            for (byte[] body : List.of(request("no_such_method", Map.of("value", "x"), "1.0"),
                    request("remember", Map.of("value", "x", "colour", "red"), "1.0"),
                    request("remember", Map.of("value", "x"), "9.0"))) {
                publish(body);
                bad++;
            }
            if (round % 50 == 0) {
                publish(huge);
                bad++;
            }
            publish(cast(MessageIds.newHex(), "good-" + round));
        }
        assertThat(bad).isGreaterThanOrEqualTo(1000);

        List<String> good = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            Calculator.Cast cast = calculator.casts.poll(30, TimeUnit.SECONDS);
            assertThat(cast).as("valid cast %d of %d", i + 1, rounds).isNotNull();
            good.add(cast.value());
        }
        assertThat(good).hasSize(rounds).allMatch(v -> v.startsWith("good-"));

        List<Message> setAside = new ArrayList<>();
        Message m;
        while (setAside.size() < bad && (m = raw.receive(dlq, 10_000)) != null) {
            setAside.add(m);
        }
        assertThat(setAside).hasSize(bad);
        assertThat(setAside).extracting(x -> (String) x.getMessageProperties().getHeaders().get("x-novasim-reason"))
                .containsOnly("not_json", "not_object", "no_method", "bad_envelope", "bad_args", "no_such_method",
                        "unsupported_version");
        assertThat(setAside).extracting(x -> (String) x.getMessageProperties().getHeaders().get("x-novasim-queue"))
                .containsOnly(TOPIC);
        assertThat(setAside).anySatisfy(x -> assertThat(x.getBody()).isEqualTo(huge));

        MethodCountersView counters = node.getBean(MessageFlowRecorder.class).counters().stream()
                .filter(c -> TOPIC.equals(c.topic()) && c.method() == null).findFirst().orElseThrow();
        assertThat(counters.malformed()).isEqualTo(bad - 3L * rounds);
        assertThat(node.getBean(io.micrometer.core.instrument.MeterRegistry.class)
                .get("rpc.messages.rejected").tag("topic", TOPIC).tag("reason", "malformed").counter().count())
                .isEqualTo(bad);
    }

    @Test
    void theSameMessageDeliveredTwiceIsHandledOnce() throws Exception {
        String uniqueId = MessageIds.newHex();
        byte[] body = cast(uniqueId, "once");
        publish(body);
        publish(body);
        publish(cast(MessageIds.newHex(), "after"));

        // The server's consumers work in parallel, so the two handled casts may finish in either order.
        List<String> handled = new ArrayList<>();
        handled.add(calculator.casts.poll(10, TimeUnit.SECONDS).value());
        handled.add(calculator.casts.poll(10, TimeUnit.SECONDS).value());
        assertThat(handled).containsExactlyInAnyOrder("once", "after");
        assertThat(calculator.casts.poll(500, TimeUnit.MILLISECONDS)).isNull();
        assertThat(node.getBean(MessageFlowRecorder.class).recent(null, 1000))
                .anySatisfy(e -> {
                    assertThat(e.outcome()).isEqualTo(FlowEvent.Outcome.DUPLICATE);
                    assertThat(e.detail()).isEqualTo(uniqueId);
                });
    }

    @Test
    @Order(2)
    void aCastWithBadArgumentsIsSetAsideAndTheServerGoesOn() throws Exception {
        RpcRequest bad = new RpcRequest("remember", OsloJson.mapper().valueToTree(Map.of("colour", "red")), null, "1.0",
                null, null, MessageIds.newHex(), RequestContext.admin());
        publish(bad.toBody());
        publish(cast(MessageIds.newHex(), "still-working"));

        assertThat(calculator.casts.poll(10, TimeUnit.SECONDS).value()).isEqualTo("still-working");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() ->
                node.getBean(MessageFlowRecorder.class).recent(bad.context().requestId(), 10).stream()
                        .anyMatch(e -> e.outcome() == FlowEvent.Outcome.MALFORMED && "TypeError".equals(e.detail())));
    }
}
