package org.novasim.messaging.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import org.novasim.messaging.RequestContext;
import org.novasim.messaging.Target;
import org.novasim.testsupport.MessagingNode;
import org.novasim.testsupport.TestBroker;

/**
 * A server whose workers are all busy still hears the replies its workers wait for. Deliveries run on the thread
 * that reads the connection, so a request beyond {@code executor_thread_pool_size} must wait unacknowledged on the
 * broker, not on that thread: there it would hold up the very replies that would free a worker, as when
 * nova-compute's builds each call nova-network.
 */
class SaturatedServerTest {

    private static final String EXCHANGE = TestBroker.uniqueName("test_saturated");
    private static final String RELAY = TestBroker.uniqueName("relay");
    private static final String ECHO = TestBroker.uniqueName("echo");
    private static final int WORKERS = 2;
    private static final int CALLS = 20;

    private static ConfigurableApplicationContext server;
    private static ConfigurableApplicationContext caller;
    private static Relay relay;

    /** Answers at once. */
    public static class Echo {
        public String echo(String value) {
            return value;
        }
    }

    /** Calls {@link Echo}, on the same connection, from inside each request it handles. */
    public static class Relay {
        private final RpcClient echo;
        private final AtomicInteger running = new AtomicInteger();
        final AtomicInteger mostAtOnce = new AtomicInteger();

        Relay(RpcClient echo) {
            this.echo = echo;
        }

        public String relay(RequestContext context, String value) throws InterruptedException {
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                Thread.sleep(20); // long enough for the requests behind it to pile up
                return echo.call(context, "echo", Map.of("value", value), String.class);
            } finally {
                running.decrementAndGet();
            }
        }
    }

    @BeforeAll
    static void start() {
        // With confirms, as compose runs: a publish then also waits for the reader thread to bring its confirm.
        server = MessagingNode.start(EXCHANGE, "saturated", List.of(),
                "nova.rpc.executor-thread-pool-size=" + WORKERS, "nova.rpc.publisher-confirms=true");
        caller = MessagingNode.start(EXCHANGE, "caller", List.of());
        RpcServerFactory servers = server.getBean(RpcServerFactory.class);
        servers.start(Target.topic(ECHO).withServer("saturated"), List.of(new Echo()));
        relay = new Relay(server.getBean(RpcClientFactory.class).client(Target.topic(ECHO), Duration.ofSeconds(20)));
        servers.start(Target.topic(RELAY).withServer("saturated"), List.of(relay));
    }

    @AfterAll
    static void stop() {
        for (ConfigurableApplicationContext node : new ConfigurableApplicationContext[] {caller, server}) {
            if (node != null) {
                node.close();
            }
        }
    }

    @Test
    void requestsBeyondItsWorkersWaitWhileTheBusyWorkersCallsAreAnswered() throws Exception {
        RpcClient client = caller.getBean(RpcClientFactory.class).client(Target.topic(RELAY), Duration.ofSeconds(30));
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<String>> replies = IntStream.range(0, CALLS).mapToObj(i -> callers.submit(() ->
                    client.call(RequestContext.admin(), "relay", Map.of("value", "v" + i), String.class))).toList();
            for (int i = 0; i < CALLS; i++) {
                assertThat(replies.get(i).get(40, TimeUnit.SECONDS)).isEqualTo("v" + i);
            }
        }
        // The requests did pile up, and no more than the workers ran at once.
        assertThat(relay.mostAtOnce).hasValue(WORKERS);
    }
}
