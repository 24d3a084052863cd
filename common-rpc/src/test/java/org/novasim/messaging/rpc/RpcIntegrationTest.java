package org.novasim.messaging.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.context.ConfigurableApplicationContext;

import org.novasim.messaging.InvalidTarget;
import org.novasim.messaging.MessagingTimeout;
import org.novasim.messaging.RemoteError;
import org.novasim.messaging.RequestContext;
import org.novasim.messaging.RpcVersionCapError;
import org.novasim.messaging.Target;
import org.novasim.messaging.flow.FlowEvent;
import org.novasim.messaging.flow.MessageFlowRecorder;
import org.novasim.messaging.transport.AmqpTransport;
import org.novasim.messaging.transport.BindingSpec;
import org.novasim.messaging.transport.QueueSpec;
import org.novasim.testsupport.CapturedLog;
import org.novasim.testsupport.MessagingNode;
import org.novasim.testsupport.TestBroker;

/** Calls, casts, fanout, errors, versions and timeouts between two services over the real broker. */
class RpcIntegrationTest {

    private static final String EXCHANGE = TestBroker.uniqueName("test_rpc");
    private static final String TOPIC = TestBroker.uniqueName("calculator");

    private static ConfigurableApplicationContext serverNode;
    private static ConfigurableApplicationContext clientNode;
    private static Calculator alpha;
    private static Calculator beta;
    private static RpcClient client;

    private final RequestContext ctx = new RequestContext(RequestContext.newRequestId(), null, "alice", "project-a",
            List.of("member", "reader"), false, Map.of());

    @BeforeAll
    static void startNodes() {
        serverNode = MessagingNode.start(EXCHANGE, "server-node", List.of());
        clientNode = MessagingNode.start(EXCHANGE, "client-node", List.of(), "nova.rpc.upgrade-levels." + TOPIC + "=1.2");
        RpcServerFactory servers = serverNode.getBean(RpcServerFactory.class);
        alpha = new Calculator("alpha");
        beta = new Calculator("beta");
        servers.start(Target.topic(TOPIC).withServer("alpha"), List.of(alpha));
        servers.start(Target.topic(TOPIC).withServer("beta"), List.of(beta));
        client = clientNode.getBean(RpcClientFactory.class).client(Target.topic(TOPIC).withVersion("1.1"), Duration.ofSeconds(10));
    }

    @AfterAll
    static void stopNodes() {
        if (clientNode != null) {
            clientNode.close();
        }
        if (serverNode != null) {
            serverNode.close();
        }
    }

    @Test
    void callReturnsTheEndpointsResultAsARecord() {
        Calculator.Sum sum = client.call(ctx, "add_all", Map.of("addends", List.of(1, 2, 3), "start", 10), Calculator.Sum.class);

        assertThat(sum.total()).isEqualTo(16);
        assertThat(sum.addends()).containsExactly(1, 2, 3);
        assertThat(sum.requestedBy()).isEqualTo("alice");
    }

    @Test
    void anOptionalArgumentMayBeLeftOut() {
        Calculator.Sum sum = client.call(ctx, "add_all", Map.of("addends", List.of(4)), Calculator.Sum.class);

        assertThat(sum.total()).isEqualTo(4);
    }

    @Test
    void theRequestContextTravelsAndItsRequestIdIsInTheLoggingContext() {
        Map<String, Object> seen = client.call(ctx, "context", Map.of(), new tools.jackson.core.type.TypeReference<Map<String, Object>>() { });

        assertThat(seen).containsEntry("request_id", ctx.requestId()).containsEntry("user_id", "alice")
                .containsEntry("project_id", "project-a").containsEntry("is_admin", false)
                .containsEntry("roles", List.of("member", "reader"));
        alpha.mdcRequestIds.clear();
        client.prepare(o -> o.server("alpha")).call(ctx, "add_all", Map.of("addends", List.of(1)));
        assertThat(alpha.mdcRequestIds).containsExactly(ctx.requestId());
    }

    @Test
    void aCallToOneServerReachesOnlyThatServer() {
        for (int i = 0; i < 5; i++) {
            assertThat(client.prepare(o -> o.server("beta")).call(ctx, "who_am_i", Map.of(), String.class)).isEqualTo("beta");
            assertThat(client.prepare(o -> o.server("alpha")).call(ctx, "who_am_i", Map.of(), String.class)).isEqualTo("alpha");
        }
    }

    @Test
    void callsToTheTopicAreSharedBetweenItsServers() {
        var answers = new java.util.HashSet<String>();
        for (int i = 0; i < 20; i++) {
            answers.add(client.call(ctx, "who_am_i", Map.of(), String.class));
        }
        assertThat(answers).containsExactlyInAnyOrder("alpha", "beta");
    }

    @Test
    void aCastIsHandledByOneServer() throws InterruptedException {
        client.prepare(o -> o.server("alpha")).cast(ctx, "remember", Map.of("value", "cast-1"));

        Calculator.Cast cast = alpha.casts.poll(10, TimeUnit.SECONDS);
        assertThat(cast).isEqualTo(new Calculator.Cast("alpha", "cast-1", ctx.requestId()));
        assertThat(beta.casts.poll(300, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void aFanoutCastReachesEveryServerOfTheTopic() throws InterruptedException {
        client.prepare(o -> o.fanout(true)).cast(ctx, "remember", Map.of("value", "to-all"));

        assertThat(alpha.casts.poll(10, TimeUnit.SECONDS)).extracting(Calculator.Cast::value).isEqualTo("to-all");
        assertThat(beta.casts.poll(10, TimeUnit.SECONDS)).extracting(Calculator.Cast::value).isEqualTo("to-all");
    }

    @Test
    void aCallCannotFanOut() {
        assertThatThrownBy(() -> client.prepare(o -> o.fanout(true)).call(ctx, "who_am_i", Map.of()))
                .isInstanceOf(InvalidTarget.class);
    }

    @Test
    void anEndpointExceptionComesBackAsARemoteErrorWithItsClass() {
        assertThatThrownBy(() -> client.call(ctx, "fail", Map.of("message", "disk on fire")))
                .isInstanceOfSatisfying(RemoteError.class, e -> {
                    assertThat(e.excType()).isEqualTo("IllegalStateException");
                    assertThat(e.module()).isEqualTo("java.lang");
                    assertThat(e.value()).isEqualTo("disk on fire");
                    assertThat(e.traceback()).isNotEmpty();
                });
    }

    @Test
    void anExceptionWithARemoteIdentityTravelsUnderItsPythonName() {
        assertThatThrownBy(() -> client.call(ctx, "find_instance", Map.of("instance_id", "abc")))
                .isInstanceOfSatisfying(RemoteError.class, e -> {
                    assertThat(e.excType()).isEqualTo("InstanceNotFound");
                    assertThat(e.module()).isEqualTo("nova.exception");
                    assertThat(e.value()).isEqualTo("Instance abc could not be found.");
                    assertThat(e.kwargs()).containsEntry("instance_id", "abc").containsEntry("code", 404);
                });
    }

    @Test
    void anUnknownMethodIsNoSuchMethod() {
        assertThatThrownBy(() -> client.call(ctx, "divide", Map.of()))
                .isInstanceOfSatisfying(RemoteError.class, e -> {
                    assertThat(e.excType()).isEqualTo("NoSuchMethod");
                    assertThat(e.module()).isEqualTo("oslo_messaging.rpc.dispatcher");
                    assertThat(e.value()).isEqualTo("Endpoint does not support RPC method divide");
                });
    }

    @Test
    void aNewerMinorVersionThanTheEndpointsIsUnsupported() {
        // Without the client's cap, which would refuse 1.4 before sending.
        RpcClient newer = client.prepare(o -> o.versionCap(null).version("1.4"));
        assertThatThrownBy(() -> newer.call(ctx, "who_am_i", Map.of()))
                .isInstanceOfSatisfying(RemoteError.class, e -> {
                    assertThat(e.excType()).isEqualTo("UnsupportedVersion");
                    assertThat(e.value()).isEqualTo("Endpoint does not support RPC version 1.4. Attempted method: who_am_i");
                });
        RpcClient otherMajor = client.prepare(o -> o.versionCap(null).version("2.0"));
        assertThatThrownBy(() -> otherMajor.call(ctx, "who_am_i", Map.of()))
                .isInstanceOfSatisfying(RemoteError.class, e -> assertThat(e.excType()).isEqualTo("UnsupportedVersion"));
    }

    @Test
    void wrongArgumentsAreATypeErrorAsInPython() {
        assertThatThrownBy(() -> client.call(ctx, "add_all", Map.of()))
                .isInstanceOfSatisfying(RemoteError.class, e -> {
                    assertThat(e.excType()).isEqualTo("TypeError");
                    assertThat(e.module()).isEqualTo("builtins");
                    assertThat(e.value()).isEqualTo("add_all() missing 1 required positional argument: 'addends'");
                });
        assertThatThrownBy(() -> client.call(ctx, "add_all", Map.of("addends", List.of(1), "colour", "red")))
                .isInstanceOfSatisfying(RemoteError.class, e ->
                        assertThat(e.value()).isEqualTo("add_all() got an unexpected keyword argument 'colour'"));
        assertThatThrownBy(() -> client.call(ctx, "add_all", Map.of("addends", "not a list")))
                .isInstanceOfSatisfying(RemoteError.class, e -> assertThat(e.excType()).isEqualTo("TypeError"));
    }

    @Test
    void theVersionCapOfTheTopicLimitsWhatTheClientSends() {
        assertThat(client.canSendVersion("1.2")).isTrue();
        assertThat(client.canSendVersion("1.3")).isFalse();
        assertThatThrownBy(() -> client.prepare(o -> o.version("1.3")).cast(ctx, "remember", Map.of("value", "x")))
                .isInstanceOf(RpcVersionCapError.class);
    }

    @Test
    void aCallToAQueueNobodyConsumesTimesOutNamingWhatWasCalled() {
        // The queue exists, so the broker takes the call; nobody answers it (a topic with no queue at all fails at
        // once instead: DeliveryGuaranteesTest).
        String topic = TestBroker.uniqueName("nobody");
        AmqpTransport transport = clientNode.getBean(AmqpTransport.class);
        QueueSpec queue = new QueueSpec(topic, false, false, Map.of());
        transport.declare(queue);
        transport.declare(new BindingSpec(topic, EXCHANGE, topic));
        try {
            RpcClient nowhere = clientNode.getBean(RpcClientFactory.class)
                    .client(Target.topic(topic), Duration.ofMillis(500));
            assertThatThrownBy(() -> nowhere.call(ctx, "allocate_for_instance", Map.of()))
                    .isInstanceOf(MessagingTimeout.class)
                    .hasMessageContaining("allocate_for_instance").hasMessageContaining(topic)
                    .hasMessageContaining("0.5s");
        } finally {
            transport.forget(queue, true);
        }
    }

    @Test
    void aReplyAfterTheTimeoutIsCountedAsLateAndDropped() {
        MessageFlowRecorder recorder = clientNode.getBean(MessageFlowRecorder.class);
        long lateBefore = lateReplies(recorder);
        RpcClient impatient = client.prepare(o -> o.timeout(Duration.ofMillis(200)).server("alpha"));

        assertThatThrownBy(() -> impatient.call(ctx, "slow", Map.of("millis", 800))).isInstanceOf(MessagingTimeout.class);

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> lateReplies(recorder) == lateBefore + 1);
        // The waiter is still in service after dropping the late reply.
        assertThat(client.call(ctx, "who_am_i", Map.of(), String.class)).isIn("alpha", "beta");
    }

    private static long lateReplies(MessageFlowRecorder recorder) {
        return recorder.recent(null, 10_000).stream().filter(e -> e.outcome() == FlowEvent.Outcome.LATE).count();
    }

    @Test
    void aStoppedServerTakesItsFanoutQueueAwayQuietly() throws InterruptedException {
        String topic = TestBroker.uniqueName("stopping");
        RpcServerFactory servers = serverNode.getBean(RpcServerFactory.class);
        RpcServer server = servers.start(Target.topic(topic).withServer("gamma"), List.of(new Calculator("gamma")));
        RpcClient gamma = client.prepare(o -> o.topic(topic).server("gamma"));
        assertThat(gamma.call(ctx, "who_am_i", Map.of(), String.class)).isEqualTo("gamma");
        String fanoutQueue = serverNode.getBean(AmqpTransport.class).topology().queues().stream()
                .map(QueueSpec::name).filter(q -> q.startsWith(topic + "_fanout_")).findFirst().orElseThrow();
        List<String> consumerWarnings;
        try (CapturedLog consumerLog = CapturedLog.of("org.novasim.messaging.transport.QueueListener")) {
            servers.stop(server);
            TimeUnit.MILLISECONDS.sleep(500); // a cancellation the broker sent would have come by now
            consumerWarnings = consumerLog.messagesFrom(Level.WARN);
        }

        RabbitTemplate broker = new RabbitTemplate(serverNode.getBean(ConnectionFactory.class));
        Boolean fanoutQueueExists = broker.execute(channel -> {
            try {
                channel.queueDeclarePassive(fanoutQueue);
                return true;
            } catch (IOException e) {
                return false; // NOT_FOUND
            }
        });
        assertThat(fanoutQueueExists).as("the server's own fanout queue is deleted").isFalse();
        // A clean stop is not a lost consumer: nothing says the broker cancelled one, nor tries to consume again.
        assertThat(consumerWarnings).isEmpty();
    }
}
