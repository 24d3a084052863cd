package org.novasim.messaging.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.context.ConfigurableApplicationContext;

import org.novasim.messaging.MessageUndeliverable;
import org.novasim.messaging.MessagingTimeout;
import org.novasim.messaging.RequestContext;
import org.novasim.messaging.Target;
import org.novasim.testsupport.CapturedLog;
import org.novasim.testsupport.MessagingNode;
import org.novasim.testsupport.TestBroker;

/**
 * Calls and casts to a topic with no route: a client that resends waits for the route within its timeout (a cast:
 * within a few seconds), a plain one learns at once; a process whose own
 * binding has lost its route (an operator unbound it) binds it again when it sees a message to it handed back.
 */
class UnroutedCallsTest {

    private static final String EXCHANGE = TestBroker.uniqueName("test_unrouted");

    private static ConfigurableApplicationContext serverNode;
    private static ConfigurableApplicationContext clientNode;
    private static ConfigurableApplicationContext confirmingNode;

    @BeforeAll
    static void startNodes() {
        serverNode = MessagingNode.start(EXCHANGE, "unrouted-server", List.of());
        clientNode = MessagingNode.start(EXCHANGE, "unrouted-client", List.of());
        confirmingNode = MessagingNode.start(EXCHANGE, "unrouted-confirming", List.of(),
                "nova.rpc.publisher-confirms=true");
    }

    @AfterAll
    static void stopNodes() {
        confirmingNode.close();
        clientNode.close();
        serverNode.close();
    }

    @Test
    void aResendingCallWaitsForItsServerWithinItsTimeout() throws Exception {
        String topic = TestBroker.uniqueName("late");
        RpcClient resending = clientNode.getBean(RpcClientFactory.class).client(Target.topic(topic),
                Duration.ofSeconds(20)).prepare(o -> o.resendUndeliverable(true));

        CompletableFuture<String> call = CompletableFuture.supplyAsync(
                () -> resending.call(RequestContext.admin(), "who_am_i", Map.of(), String.class));
        Thread.sleep(1500); // handed back a few times meanwhile
        assertThat(call).isNotDone();
        serverNode.getBean(RpcServerFactory.class).start(Target.topic(topic).withServer("late"),
                List.of(new Calculator("late")));

        assertThat(call.get()).isEqualTo("late");
    }

    @Test
    void aResendingCallWithNoServerEndsAsATimeoutAndAPlainOneAtOnce() {
        String topic = TestBroker.uniqueName("nobody");
        RpcClient plain = clientNode.getBean(RpcClientFactory.class).client(Target.topic(topic), Duration.ofSeconds(2));
        RpcClient resending = plain.prepare(o -> o.resendUndeliverable(true));

        long start = System.nanoTime();
        assertThatThrownBy(() -> plain.call(RequestContext.admin(), "who_am_i", Map.of()))
                .isInstanceOf(MessageUndeliverable.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));

        try (CapturedLog log = CapturedLog.of(RpcClient.class.getName())) {
            assertThatThrownBy(() -> resending.call(RequestContext.admin(), "who_am_i", Map.of()))
                    .isInstanceOf(MessagingTimeout.class)
                    .hasMessageContaining("nothing took method who_am_i on topic " + topic)
                    .hasCauseInstanceOf(MessageUndeliverable.class);
            // One line when it starts resending and one when it gives up, not one per attempt.
            assertThat(log.messages(Level.WARN)).hasSize(2);
        }
    }

    @Test
    void aResendingCastReachesAServerThatComesLate() throws Exception {
        String topic = TestBroker.uniqueName("late_cast");
        RpcClient resending = clientNode.getBean(RpcClientFactory.class).client(Target.topic(topic),
                Duration.ofSeconds(20)).prepare(o -> o.resendUndeliverable(true));

        resending.cast(RequestContext.admin(), "remember", Map.of("value", "unconfirmed"));
        Thread.sleep(1500); // handed back a few times meanwhile
        Calculator late = new Calculator("late");
        serverNode.getBean(RpcServerFactory.class).start(Target.topic(topic).withServer("late"), List.of(late));

        assertThat(late.casts.poll(15, TimeUnit.SECONDS)).extracting(Calculator.Cast::value).isEqualTo("unconfirmed");
        assertThat(late.casts.poll(1, TimeUnit.SECONDS)).as("taken once").isNull();
    }

    @Test
    void withConfirmsAResendingCastWaitsForItsServerAndAPlainOneFailsAtOnce() throws Exception {
        String topic = TestBroker.uniqueName("late_confirmed_cast");
        RpcClient plain = confirmingNode.getBean(RpcClientFactory.class).client(Target.topic(topic),
                Duration.ofSeconds(20));
        RpcClient resending = plain.prepare(o -> o.resendUndeliverable(true));
        assertThatThrownBy(() -> plain.cast(RequestContext.admin(), "remember", Map.of("value", "plain")))
                .isInstanceOf(MessageUndeliverable.class);

        CompletableFuture<Void> cast = CompletableFuture.runAsync(
                () -> resending.cast(RequestContext.admin(), "remember", Map.of("value", "confirmed")));
        Thread.sleep(1500);
        assertThat(cast).as("the caller learns where its cast went").isNotDone();
        Calculator late = new Calculator("late");
        serverNode.getBean(RpcServerFactory.class).start(Target.topic(topic).withServer("late"), List.of(late));

        cast.get(15, TimeUnit.SECONDS);
        assertThat(late.casts.poll(15, TimeUnit.SECONDS)).extracting(Calculator.Cast::value).isEqualTo("confirmed");
    }

    @Test
    void aResendingCastNothingTakesIsLostAfterItsWindowWithOneWarningAndOneError() throws Exception {
        String topic = TestBroker.uniqueName("nobody_cast");
        RpcClient resending = clientNode.getBean(RpcClientFactory.class).client(Target.topic(topic),
                Duration.ofSeconds(2)).prepare(o -> o.resendUndeliverable(true));

        try (CapturedLog log = CapturedLog.of(RpcSender.class.getName())) {
            resending.cast(RequestContext.admin(), "remember", Map.of("value", "nobody"));
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> !log.messages(Level.ERROR).isEmpty());
            assertThat(log.messages(Level.ERROR)).singleElement().asString().contains("cast remember was lost");
            assertThat(log.messages(Level.WARN)).singleElement().asString().contains("sending it again");
        }
    }

    @Test
    void aBindingUnboundUnderItsServerIsBoundAgainWhenItsOwnMessageComesBack() throws Exception {
        String topic = TestBroker.uniqueName("unbound");
        serverNode.getBean(RpcServerFactory.class).start(Target.topic(topic).withServer("unbound-server"),
                List.of(new Calculator("unbound-server")));
        RpcClient sameProcess = serverNode.getBean(RpcClientFactory.class).client(Target.topic(topic),
                Duration.ofSeconds(5));
        assertThat(sameProcess.call(RequestContext.admin(), "who_am_i", Map.of(), String.class))
                .isEqualTo("unbound-server");

        CachingConnectionFactory operator = TestBroker.get().cachingConnectionFactory();
        try {
            operator.createConnection().createChannel(false).queueUnbind(topic, EXCHANGE, topic);
        } finally {
            operator.destroy();
        }
        assertThatThrownBy(() -> sameProcess.call(RequestContext.admin(), "who_am_i", Map.of()))
                .isInstanceOf(MessageUndeliverable.class);

        // The return made the server's process assert its topology: the route is back without a restart.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(
                () -> "unbound-server".equals(sameProcess.call(RequestContext.admin(), "who_am_i", Map.of(),
                        String.class)));
    }
}
