package org.novasim.messaging.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import org.novasim.messaging.MessageUndeliverable;
import org.novasim.messaging.MessagingTimeout;
import org.novasim.messaging.RequestContext;
import org.novasim.messaging.Target;
import org.novasim.messaging.flow.FlowEvent;
import org.novasim.messaging.flow.MessageFlowRecorder;
import org.novasim.testsupport.MessagingNode;
import org.novasim.testsupport.TestBroker;

/**
 * What the broker can tell, the sender learns: a call to a topic no queue is bound to fails at once rather than at
 * its timeout; with publisher confirms a cast returns only once the broker holds it, and fails if nothing can take
 * it; without them, a lost cast is at least reported.
 */
class DeliveryGuaranteesTest {

    private static final String EXCHANGE = TestBroker.uniqueName("test_delivery");
    private static final String TOPIC = TestBroker.uniqueName("calculator");
    private static final String NOBODY = TestBroker.uniqueName("nobody");

    private static ConfigurableApplicationContext plain;
    private static ConfigurableApplicationContext confirming;
    private static Calculator calculator;
    private final RequestContext ctx = RequestContext.admin();

    @BeforeAll
    static void start() {
        plain = MessagingNode.start(EXCHANGE, "plain", List.of());
        confirming = MessagingNode.start(EXCHANGE, "confirming", List.of(), "nova.rpc.publisher-confirms=true");
        calculator = new Calculator("only");
        plain.getBean(RpcServerFactory.class).start(Target.topic(TOPIC).withServer("only"), List.of(calculator));
    }

    @AfterAll
    static void stop() {
        for (ConfigurableApplicationContext node : new ConfigurableApplicationContext[] {confirming, plain}) {
            if (node != null) {
                node.close();
            }
        }
    }

    private static RpcClient client(ConfigurableApplicationContext node, String topic) {
        // A long timeout: were the failure not immediate, the test would wait it out and fail as a timeout.
        return node.getBean(RpcClientFactory.class).client(Target.topic(topic).withVersion("1.0"), Duration.ofSeconds(60));
    }

    @Test
    void aCallToATopicWithoutAQueueFailsAtOnceNamingIt() {
        assertThatThrownBy(() -> client(plain, NOBODY).call(ctx, "add_all", Map.of("addends", List.of(1))))
                .isInstanceOf(MessageUndeliverable.class).isNotInstanceOf(MessagingTimeout.class)
                .hasMessageContaining("routing key '" + NOBODY + "'").hasMessageContaining("add_all");
        assertThat(plain.getBean(MessageFlowRecorder.class).recent(ctx.requestId(), 10))
                .anySatisfy(e -> assertThat(e.outcome()).isEqualTo(FlowEvent.Outcome.UNROUTABLE));
    }

    @Test
    void withConfirmsACastReturnsOnceTheBrokerHoldsItAndFailsIfNothingCanTakeIt() throws Exception {
        client(confirming, TOPIC).cast(ctx, "remember", Map.of("value", "confirmed"));
        assertThat(calculator.casts.poll(10, TimeUnit.SECONDS).value()).isEqualTo("confirmed");
        // Calls and their replies are confirmed too.
        assertThat(client(confirming, TOPIC).call(ctx, "who_am_i", Map.of(), String.class)).isEqualTo("only");
        assertThatThrownBy(() -> client(confirming, NOBODY).call(ctx, "who_am_i", Map.of()))
                .isInstanceOf(MessageUndeliverable.class);

        assertThatThrownBy(() -> client(confirming, NOBODY).cast(ctx, "remember", Map.of("value", "lost")))
                .isInstanceOf(MessageUndeliverable.class).hasMessageContaining(NOBODY);
        // A fanout cast with no listener loses nothing that anyone waited for: it is not an error.
        client(confirming, NOBODY).prepare(o -> o.fanout(true)).cast(ctx, "remember", Map.of("value", "to all"));
    }

    @Test
    void withoutConfirmsALostCastIsReported() {
        RequestContext lost = RequestContext.admin();
        client(plain, NOBODY).cast(lost, "remember", Map.of("value", "lost"));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> plain.getBean(MessageFlowRecorder.class)
                .recent(lost.requestId(), 10).stream().anyMatch(e -> e.outcome() == FlowEvent.Outcome.UNROUTABLE));
    }
}
