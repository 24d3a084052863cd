package org.novasim.messaging.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import org.novasim.messaging.RequestContext;
import org.novasim.messaging.Target;
import org.novasim.testsupport.CapturedLog;
import org.novasim.testsupport.MessagingNode;
import org.novasim.testsupport.TestBroker;

/**
 * The broker goes away and comes back (rabbitmqctl stop_app, a pause, start_app): connections, consumers, the
 * non-durable queues the restart lost and the reply queue come back by themselves.
 */
class BrokerRestartTest {

    private static final String EXCHANGE = TestBroker.uniqueName("test_restart");
    private static final String TOPIC = TestBroker.uniqueName("survivor");

    private static ConfigurableApplicationContext serverNode;
    private static ConfigurableApplicationContext clientNode;
    private static Calculator calculator;

    @BeforeAll
    static void start() {
        serverNode = MessagingNode.start(EXCHANGE, "restart-server", List.of());
        clientNode = MessagingNode.start(EXCHANGE, "restart-client", List.of());
        calculator = new Calculator("restart-server");
        serverNode.getBean(RpcServerFactory.class).start(Target.topic(TOPIC).withServer("restart-server"), List.of(calculator));
    }

    @AfterAll
    static void stop() {
        if (clientNode != null) {
            clientNode.close();
        }
        if (serverNode != null) {
            serverNode.close();
        }
    }

    @Test
    void everythingComesBackAfterTheBrokerRestarts() throws Exception {
        RpcClient client = clientNode.getBean(RpcClientFactory.class).client(Target.topic(TOPIC), Duration.ofSeconds(2));
        RequestContext ctx = RequestContext.admin();
        assertThat(client.call(ctx, "who_am_i", Map.of(), String.class)).isEqualTo("restart-server");
        List<String> warnings;
        List<String> infos;
        try (CapturedLog consumerLog = CapturedLog.of("org.novasim.messaging.transport.QueueListener")) {
            TestBroker.get().restart(2000);
            long restarted = System.nanoTime();

            Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> "restart-server".equals(client.call(ctx, "who_am_i", Map.of(), String.class)));
            System.out.printf("RPC recovered %.1f s after the broker came back%n", (System.nanoTime() - restarted) / 1e9);
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> consumerLog.messages(Level.INFO).stream()
                    .filter(m -> m.contains(": consuming ")).count() >= 4); // the server's three queues, the reply queue
            warnings = consumerLog.messages(Level.WARN);
            infos = consumerLog.messages(Level.INFO);
        }

        // Retried every 2 s while the broker was away, each consumer said so once: thousands of hosts' consumers
        // would otherwise fill the log. Each said when it consumed again.
        List<String> failures = warnings.stream()
                .filter(m -> m.endsWith("trying again until it consumes")).toList();
        assertThat(failures).isNotEmpty();
        assertThat(failures.stream().map(BrokerRestartTest::queueNamed).toList()).doesNotHaveDuplicates();
        assertThat(infos).filteredOn(m -> m.contains(" again, after "))
                .extracting(BrokerRestartTest::queueNamed)
                .containsAll(failures.stream().map(BrokerRestartTest::queueNamed).toList());

        assertThat(client.prepare(o -> o.server("restart-server")).call(ctx, "who_am_i", Map.of(), String.class))
                .isEqualTo("restart-server");
        calculator.casts.clear();
        client.prepare(o -> o.fanout(true)).cast(ctx, "remember", Map.of("value", "after-restart"));
        assertThat(calculator.casts.poll(10, TimeUnit.SECONDS)).extracting(Calculator.Cast::value).isEqualTo("after-restart");
    }

    /** The queue a consumer's line is about: "...consume QUEUE: why" or "...consuming QUEUE again...". */
    private static String queueNamed(String line) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("consum(?:e|ing) (\\S+?)(?::| again)").matcher(line);
        return m.find() ? m.group(1) : line;
    }

    @Test
    void aQueueDeletedUnderARunningServerIsDeclaredAgain() {
        RpcClient client = clientNode.getBean(RpcClientFactory.class)
                .client(Target.topic(TOPIC).withServer("restart-server"), Duration.ofSeconds(2));
        RequestContext ctx = RequestContext.admin();
        new org.springframework.amqp.rabbit.core.RabbitTemplate(
                clientNode.getBean(org.springframework.amqp.rabbit.connection.ConnectionFactory.class))
                .execute(channel -> channel.queueDelete(TOPIC + ".restart-server"));

        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> "restart-server".equals(client.call(ctx, "who_am_i", Map.of(), String.class)));
    }
}
