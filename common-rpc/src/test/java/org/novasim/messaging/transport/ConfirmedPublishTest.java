package org.novasim.messaging.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

import org.novasim.messaging.MessageDeliveryFailure;
import org.novasim.testsupport.TestBroker;

/**
 * With publisher confirms, publishes from many threads share the connection's channels and wait for their
 * confirms at once; each still learns its own outcome: confirmed, handed back as unroutable, refused (nack), or
 * not confirmed in time.
 */
class ConfirmedPublishTest {

    private static final int THREADS = 16;
    private static final int ROUNDS = 25;

    private CachingConnectionFactory connections;
    private RabbitTemplate admin;
    private String exchange;
    private String accepting;
    private String refusing;

    @BeforeEach
    void broker() {
        connections = TestBroker.get().cachingConnectionFactory();
        connections.setPublisherConfirmType(CachingConnectionFactory.ConfirmType.SIMPLE);
        admin = new RabbitTemplate(connections);
        exchange = TestBroker.uniqueName("confirms");
        accepting = TestBroker.uniqueName("confirms_ok");
        refusing = TestBroker.uniqueName("confirms_full");
        admin.execute(channel -> {
            channel.exchangeDeclare(exchange, "topic", false, true, null);
            channel.queueDeclare(accepting, false, false, true, null);
            channel.queueBind(accepting, exchange, accepting);
            // A queue that takes nothing: the broker nacks what is routed to it.
            channel.queueDeclare(refusing, false, false, true, Map.of("x-max-length", 0, "x-overflow", "reject-publish"));
            channel.queueBind(refusing, exchange, refusing);
            return null;
        });
    }

    @AfterEach
    void cleanUp() {
        admin.execute(channel -> {
            channel.queueDelete(accepting);
            channel.queueDelete(refusing);
            channel.exchangeDelete(exchange);
            return null;
        });
        connections.destroy();
    }

    private AmqpTransport transport(Duration confirmTimeout) {
        return new AmqpTransport(connections, new PublishRetry(1, Duration.ofMillis(10), Duration.ZERO,
                Duration.ofMillis(10)), confirmTimeout, TopologyRecovery.DEFAULT);
    }

    private static byte[] body(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void concurrentPublishesEachLearnTheirOwnOutcome() throws Exception {
        AmqpTransport transport = transport(Duration.ofSeconds(30));
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> outcomes = new ArrayList<>();
        try {
            for (int t = 0; t < THREADS; t++) {
                int kind = t % 3;
                outcomes.add(threads.submit((Callable<String>) () -> {
                    start.await();
                    StringBuilder seen = new StringBuilder();
                    for (int i = 0; i < ROUNDS; i++) {
                        switch (kind) {
                            case 0 -> seen.append(transport.publish(exchange, accepting, true,
                                    AmqpTransport.properties(), body("kept")) ? "c" : "?");
                            case 1 -> seen.append(transport.publish(exchange, "nobody.listens", true,
                                    AmqpTransport.properties(), body("lost")) ? "?" : "r");
                            default -> {
                                try {
                                    transport.publish(exchange, refusing, true, AmqpTransport.properties(), body("refused"));
                                    seen.append('?');
                                } catch (MessageDeliveryFailure e) {
                                    seen.append(e.getMessage().contains("nack") ? "n" : "?");
                                }
                            }
                        }
                    }
                    return seen.toString();
                }));
            }
            start.countDown();
            for (int t = 0; t < THREADS; t++) {
                String expected = String.valueOf("crn".charAt(t % 3)).repeat(ROUNDS);
                assertThat(outcomes.get(t).get(60, TimeUnit.SECONDS)).as("thread %d", t).isEqualTo(expected);
            }
        } finally {
            threads.shutdownNow();
        }
        int confirmedThreads = (THREADS + 2) / 3;
        Long kept = admin.execute(channel -> channel.messageCount(accepting));
        assertThat(kept).isEqualTo((long) confirmedThreads * ROUNDS);
        assertThat(transport.confirms().inFlight()).isZero();
    }

    @Test
    void aPublishTheBrokerRefusesIsTriedAgainOnAChannelOfItsOwnAndKeptOnceTheQueueHasRoom() throws Exception {
        // A queue holding one message at most, full: the broker nacks what comes next, as a quorum queue does while
        // it has no leader, until a consumer makes room.
        String full = TestBroker.uniqueName("confirms_one");
        admin.execute(channel -> {
            channel.queueDeclare(full, false, false, true, Map.of("x-max-length", 1, "x-overflow", "reject-publish"));
            channel.queueBind(full, exchange, full);
            channel.basicPublish(exchange, full, null, body("first"));
            return null;
        });
        // The publisher's own connection, so that its channels can be counted.
        CachingConnectionFactory publisher = TestBroker.get().cachingConnectionFactory();
        publisher.setPublisherConfirmType(CachingConnectionFactory.ConfirmType.SIMPLE);
        AtomicInteger channels = new AtomicInteger();
        publisher.addChannelListener((channel, transactional) -> channels.incrementAndGet());
        AmqpTransport transport = new AmqpTransport(publisher, new PublishRetry(4, Duration.ofMillis(300),
                Duration.ZERO, Duration.ofMillis(300)), Duration.ofSeconds(30), TopologyRecovery.DEFAULT);
        try {
            Thread consumer = Thread.ofVirtual().start(() -> {
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
                admin.execute(channel -> channel.basicGet(full, true));
            });

            assertThat(transport.publish(exchange, full, true, AmqpTransport.properties(), body("second"))).isTrue();

            consumer.join();
            String kept = admin.execute(channel -> new String(channel.basicGet(full, true).getBody(),
                    StandardCharsets.UTF_8));
            assertThat(kept).isEqualTo("second");
            assertThat(channels.get()).as("channels opened: the refused publish was tried again on another")
                    .isGreaterThanOrEqualTo(2);
        } finally {
            publisher.destroy();
            admin.execute(channel -> channel.queueDelete(full));
        }
    }

    @Test
    void aPublishNotConfirmedInTimeFailsToItsCaller() {
        // A nanosecond is shorter than any confirm's round trip, though a publisher descheduled on a busy machine may
        // find its confirm already there: of a few publishes, some are not confirmed in time, and say so.
        AmqpTransport transport = transport(Duration.ofNanos(1));
        int timedOut = 0;
        for (int i = 0; i < 50 && timedOut == 0; i++) {
            try {
                assertThat(transport.publish(exchange, accepting, true, AmqpTransport.properties(), body("late"))).isTrue();
            } catch (MessageDeliveryFailure e) {
                assertThat(e).hasMessageContaining("did not confirm the message within");
                timedOut++;
            }
        }
        assertThat(timedOut).isPositive();
        assertThat(transport.confirms().inFlight()).isZero();
        // The broker goes on confirming publishes for those that wait long enough.
        AmqpTransport patient = transport(Duration.ofSeconds(30));
        assertThat(patient.publish(exchange, accepting, true, AmqpTransport.properties(), body("on time"))).isTrue();
    }

    @Test
    void aPublishWhoseChannelClosesBeforeItsConfirmIsTriedAgainThenFails() {
        // Publishing to an exchange that does not exist closes the channel (404) before any confirm.
        AmqpTransport transport = transport(Duration.ofSeconds(30));
        assertThatThrownBy(() -> transport.publish(exchange + "_missing", "x", true, AmqpTransport.properties(), body("x")))
                .isInstanceOf(MessageDeliveryFailure.class)
                .hasMessageContaining("after 2 attempts");
        assertThat(transport.confirms().inFlight()).isZero();
        assertThat(transport.publish(exchange, accepting, true, AmqpTransport.properties(), body("after"))).isTrue();
    }

    @Test
    void aFactoryWithoutConfirmsFailsAtOnceRatherThanAtTheTimeout() {
        CachingConnectionFactory plain = TestBroker.get().cachingConnectionFactory();
        try {
            AmqpTransport transport = new AmqpTransport(plain, new PublishRetry(0, Duration.ofMillis(10), Duration.ZERO,
                    Duration.ofMillis(10)), Duration.ofMinutes(10), TopologyRecovery.DEFAULT);
            // Told why, not "not confirmed within" ten minutes later.
            assertThatThrownBy(() -> transport.publish(exchange, accepting, true, AmqpTransport.properties(), body("x")))
                    .isInstanceOf(MessageDeliveryFailure.class)
                    .hasMessageContaining("confirm mode");
            assertThat(transport.confirms().inFlight()).isZero();
        } finally {
            plain.destroy();
        }
    }
}
