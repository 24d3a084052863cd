package org.novasim.messaging.transport;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpConnectException;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.AmqpIOException;
import org.springframework.amqp.AmqpResourceNotAvailableException;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.core.MessageListener;
import org.springframework.amqp.rabbit.connection.AbstractConnectionFactory;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Return;

import org.novasim.messaging.MessageDeliveryFailure;
import org.novasim.messaging.wire.MessageIds;

/**
 * The RabbitMQ side of the messaging layer, on Spring AMQP: publishes raw oslo bodies, declares the oslo topology
 * through its {@link TopologyAdmin} (again on every new connection, and asserted after a recovery), and consumes
 * queues, starting lost consumers again by itself: on its own connection, or each listener on one of its own as
 * {@link ConsumerConnections} says. Closing it closes the listeners' own connections; its connection is its owner's.
 */
public final class AmqpTransport implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AmqpTransport.class);

    /** The properties every oslo message carries; only a call adds an expiration. */
    private static final AMQP.BasicProperties PROPERTIES = new AMQP.BasicProperties.Builder()
            .contentType("application/json").contentEncoding("utf-8").deliveryMode(2).priority(0)
            .headers(Map.of()).build();

    /** Channels kept for publishing by a process's transport; a thread always uses the same one. */
    public static final int PUBLISHING_CHANNELS = 8;

    private final ConnectionFactory connectionFactory;
    private final PublishRetry retry;
    private final Duration confirmTimeout;
    /** Starts lost consumers again; null for the process's shared one. */
    private final TaskScheduler listenerScheduler;
    private final ConsumerConnections consumerConnections;
    /** The listeners' own connections still open. */
    private final Set<CachingConnectionFactory> listenerConnections = ConcurrentHashMap.newKeySet();
    private final PublishingChannels publishing;
    /** The channel of {@link #publishApart}, which no other publisher uses. */
    private final PublishingChannels apart;
    private final DeclaredTopology topology = new DeclaredTopology();
    private final TopologyAdmin admin;
    private final Map<Long, AMQP.BasicProperties> callProperties = new ConcurrentHashMap<>();
    private final List<Consumer<Returned>> returnListeners = new CopyOnWriteArrayList<>();
    /** Confirmed publishes in flight. */
    private final PublisherConfirms confirms = new PublisherConfirms();
    /** The open channels whose returns this transport hears. */
    private final Set<Channel> hearingReturns = ConcurrentHashMap.newKeySet();

    /** A message the broker handed back ({@code basic.return}): no queue was bound to its routing key. */
    public record Returned(String exchange, String routingKey, byte[] body) {
    }

    public AmqpTransport(ConnectionFactory connectionFactory) {
        this(connectionFactory, PublishRetry.DEFAULT, null, TopologyRecovery.DEFAULT);
    }

    public AmqpTransport(ConnectionFactory connectionFactory, PublishRetry retry, Duration confirmTimeout,
                         TopologyRecovery recovery) {
        this(connectionFactory, retry, confirmTimeout, recovery, null, PUBLISHING_CHANNELS, ConsumerConnections.SHARED);
    }

    /**
     * @param confirmTimeout    with publisher confirms (the connection factory must use simple confirms), how long a
     *                          publish waits for the broker's; null without
     * @param recovery          whether and when the topology is asserted again after a connection recovery
     * @param listenerScheduler starts lost consumers again and asserts the topology; null for a thread shared by the
     *                          process
     * @param publishingChannels channels kept for publishing: a busy process wants several, one of thousands of
     *                          simulated hosts one
     * @param consumerConnections where the listeners consume
     */
    public AmqpTransport(ConnectionFactory connectionFactory, PublishRetry retry, Duration confirmTimeout,
                         TopologyRecovery recovery, TaskScheduler listenerScheduler, int publishingChannels,
                         ConsumerConnections consumerConnections) {
        this.connectionFactory = connectionFactory;
        this.retry = retry;
        this.confirmTimeout = confirmTimeout;
        this.listenerScheduler = listenerScheduler;
        this.consumerConnections = consumerConnections;
        if (connectionFactory instanceof AbstractConnectionFactory factory) {
            // Deliveries on the reader thread: the transport's listeners never wait (see InlineDeliveries).
            factory.setExecutor(InlineDeliveries.INSTANCE);
        }
        this.publishing = new PublishingChannels(connectionFactory, publishingChannels, this::hearReturns);
        this.apart = new PublishingChannels(connectionFactory, 1, channel -> channel);
        this.admin = new TopologyAdmin(connectionFactory, topology, recovery, recoveryScheduler());
        if (connectionFactory instanceof AbstractConnectionFactory factory) {
            factory.addChannelListener((channel, transactional) -> hearReturns(channel));
        }
    }

    /** Who hears of mandatory messages the broker handed back (calls fail at once; casts are reported). */
    public void onReturned(Consumer<Returned> listener) {
        returnListeners.add(listener);
    }

    /**
     * Listens for the returns of a channel, once: new channels as they are made, and, on its first publish, a
     * channel the cache made before this transport existed.
     */
    private Channel hearReturns(Channel channel) {
        if (!hearingReturns.contains(channel) && hearingReturns.add(channel)) {
            channel.addReturnListener(this::returned);
            channel.addShutdownListener(cause -> hearingReturns.remove(channel));
        }
        return channel;
    }

    private void returned(Return r) {
        admin.returned(r.getExchange(), r.getRoutingKey());
        String messageId = r.getProperties().getMessageId();
        if (confirms.returned(messageId)) {
            return; // its publisher is waiting for the confirm and learns of it there
        }
        Returned returned = new Returned(r.getExchange(), r.getRoutingKey(), r.getBody());
        for (Consumer<Returned> listener : returnListeners) {
            try {
                listener.accept(returned);
            } catch (RuntimeException e) {
                log.error("a return listener failed on a message returned from '{}': {}", r.getRoutingKey(), e.toString());
            }
        }
    }

    public DeclaredTopology topology() {
        return topology;
    }

    public static AMQP.BasicProperties properties() {
        return PROPERTIES;
    }

    /** The call's properties: its timeout is also its time to live in the queue, as oslo sets it. */
    public AMQP.BasicProperties callProperties(long timeoutMillis) {
        return callProperties.computeIfAbsent(timeoutMillis,
                ms -> PROPERTIES.builder().expiration(Long.toString(ms)).build());
    }

    /**
     * Publishes, trying again while the broker cannot be reached. With publisher confirms, it returns once the broker
     * holds the message (persisted if its queues are durable); without, once it is written to the connection, and a
     * mandatory message the broker hands back goes to the {@link #onReturned return listeners} instead.
     *
     * @return false if the broker handed a mandatory message back before confirming it (confirms only)
     * @throws MessageDeliveryFailure if the broker could not be reached, refused the message or did not confirm it
     */
    public boolean publish(String exchange, String routingKey, boolean mandatory, AMQP.BasicProperties properties,
                           byte[] body) {
        if (confirmTimeout != null) {
            return publishConfirmed(exchange, routingKey, mandatory, properties, body, confirmTimeout);
        }
        withRetry(exchange, routingKey, () -> publishing.with(channel -> {
            channel.basicPublish(exchange, routingKey, mandatory, properties, body);
            return null;
        }));
        return true;
    }

    /**
     * Holds its channel only to publish, then waits for the confirm without it, so that publishes from many
     * threads are in flight on the same channels at once rather than one confirm round trip after another.
     * A confirm lost with its channel (the connection went away), or a nack, is published again, like a publish that
     * could not reach the broker: the copy carries the same {@code _unique_id}, which servers drop if both arrive.
     */
    private boolean publishConfirmed(String exchange, String routingKey, boolean mandatory,
                                     AMQP.BasicProperties properties, byte[] body, Duration timeout) {
        String messageId = MessageIds.newHex();
        AMQP.BasicProperties identified = properties.builder().messageId(messageId).build();
        PublisherConfirms.Publish publish = c -> c.basicPublish(exchange, routingKey, mandatory, identified, body);
        boolean[] returned = new boolean[1];
        boolean[] refused = new boolean[1];
        withRetry(exchange, routingKey, () -> {
            if (refused[0]) {
                // After a nack, on a channel of its own: RabbitMQ 3.10's channel learns a quorum queue's leader once,
                // and one that learnt it just before the leader's node was lost has every publish to that queue
                // refused for a while, where a new channel finds the new leader.
                publishing.withOwn(channel -> {
                    returned[0] = awaitConfirm(confirms.publish(channel, messageId, publish), messageId, exchange,
                            routingKey, timeout, refused);
                    return null;
                });
            } else {
                returned[0] = awaitConfirm(publishing.with(channel -> confirms.publish(channel, messageId, publish)),
                        messageId, exchange, routingKey, timeout, refused);
            }
        });
        return !returned[0];
    }

    /** Waits for a publish's confirm: whether it was handed back (mandatory, no queue) if acked, or why not. */
    private boolean awaitConfirm(PublisherConfirms.Pending pending, String messageId, String exchange,
                                 String routingKey, Duration timeout, boolean[] refused) {
        try {
            if (!pending.acked().get(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                // A nack says the broker could not take the message now: a quorum queue electing a new leader after
                // its node was lost, or a full queue. Tried again, as a publish that found no broker.
                refused[0] = true;
                throw new AmqpResourceNotAvailableException("the broker refused the message (nack)");
            }
            return pending.returned();
        } catch (TimeoutException e) {
            throw failure(exchange, routingKey, "the broker did not confirm the message within " + timeout, e);
        } catch (ExecutionException e) {
            // The channel closed before the confirm came: as a publish that could not reach the broker.
            throw new AmqpConnectException((Exception) e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure(exchange, routingKey, "interrupted while waiting for the broker's confirm", e);
        } finally {
            confirms.forget(messageId, pending);
        }
    }

    /**
     * Publishes once, unconfirmed and not tried again, on a channel of its own: for best-effort messages to an
     * exchange that may have gone (the broker deletes an auto-delete exchange with its last queue, as when the node
     * holding that queue is lost). A publish to a missing exchange makes the broker close its channel, and discard
     * whatever else is published on it until the client hears of the close: on a shared channel, other threads'
     * requests.
     *
     * @throws MessageDeliveryFailure if the broker could not be reached or the channel was closed
     */
    public void publishApart(String exchange, String routingKey, AMQP.BasicProperties properties, byte[] body) {
        try {
            apart.with(channel -> {
                channel.basicPublish(exchange, routingKey, false, properties, body);
                return null;
            });
        } catch (AmqpException e) {
            throw failure(exchange, routingKey, e.getMessage(), e);
        }
    }

    /** The confirmed publishes in flight (for tests). */
    PublisherConfirms confirms() {
        return confirms;
    }

    private void withRetry(String exchange, String routingKey, Runnable publish) {
        for (int attempt = 0; ; attempt++) {
            try {
                publish.run();
                return;
            } catch (AmqpConnectException | AmqpIOException | AmqpResourceNotAvailableException e) {
                if (attempt >= retry.maxRetries()) {
                    throw failure(exchange, routingKey, "after " + (attempt + 1) + " attempts: " + e.getMessage(), e);
                }
                Duration delay = retry.delay(attempt + 1);
                log.warn("could not publish to '{}' with key '{}' ({}); trying again in {}", exchange, routingKey,
                        e.getMessage(), delay);
                pause(delay, exchange, routingKey, e);
            } catch (AmqpException e) {
                throw failure(exchange, routingKey, e.getMessage(), e);
            }
        }
    }

    private static MessageDeliveryFailure failure(String exchange, String routingKey, String why, Exception e) {
        return new MessageDeliveryFailure("could not publish to exchange '" + exchange + "' with key '" + routingKey
                + "': " + why, e);
    }

    private static void pause(Duration delay, String exchange, String routingKey, Exception cause) {
        try {
            Thread.sleep(delay);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw failure(exchange, routingKey, "interrupted while waiting to try again", cause);
        }
    }

    /** Declares an exchange (and again after reconnects); servers do so when they start, before binding. */
    public void declare(ExchangeSpec exchange) {
        admin.declare(exchange);
    }

    /** Whether the exchange is on the broker (a passive declaration: nothing is created). */
    public boolean exchangeExists(String name) {
        return admin.exchangeExists(name);
    }

    /** Declares an exchange before the first publish to it, as oslo's publishers do; later publishes skip it. */
    public void ensureDeclared(ExchangeSpec exchange) {
        admin.ensureDeclared(exchange);
    }

    public void declare(QueueSpec queue) {
        admin.declare(queue);
    }

    public void declare(BindingSpec binding) {
        admin.declare(binding);
    }

    /**
     * Stops re-declaring a queue and, if asked, deletes it (oslo deletes a server's fanout queue on a clean stop).
     * Delete a queue only once its consumers are closed: the broker cancels the consumers of a deleted queue, and a
     * cancelled consumer is taken for a lost one, to be started again.
     */
    public void forget(QueueSpec queue, boolean delete) {
        admin.forget(queue, delete);
    }

    /**
     * Asserts the topology soon, at most every few seconds, as a message handed back from its own binding does:
     * for a sign that the broker may have lost one of this process's queues, such as a call that got no reply.
     */
    public void assertTopologySoon(String why) {
        admin.checkSoon(why);
    }

    /** Asserts the whole topology now, as the checks after a recovery do (for tests and operators' tools). */
    public void assertTopology(String why) {
        admin.check(why);
    }

    /**
     * Consumes the given queues, acknowledging each delivery as {@code ackMode} says (NONE or AUTO).
     * The listener runs on the connection's reader thread and must not wait: see {@link InlineDeliveries}.
     */
    public Subscription listen(String name, List<String> queues, MessageListener listener, AcknowledgeMode ackMode,
                               int prefetch) {
        if (ackMode == AcknowledgeMode.MANUAL) {
            throw new IllegalArgumentException("a listener that acknowledges itself takes deliveries: listenAcking");
        }
        return listen(name, queues, delivery -> listener.onMessage(delivery.message()), ackMode, prefetch,
                Map::of, lost -> redeclareIfMissing(name, lost));
    }

    /** Consumes the given queues; the listener acknowledges each delivery itself, when its semantics say. */
    public Subscription listenAcking(String name, List<String> queues, DeliveryListener listener, int prefetch) {
        return listen(name, queues, listener, AcknowledgeMode.MANUAL, prefetch, Map::of,
                lost -> redeclareIfMissing(name, lost));
    }

    /**
     * Reads a stream as oslo 2024.1's fanout consumer does: from its last chunk when it starts, then, after a lost
     * consumer, from the offset after the last message it had (from the last chunk again if the broker cancelled it,
     * as when the stream was deleted). The listener acknowledges each delivery, as a stream needs to send more, under
     * a prefetch above 0.
     */
    public Subscription listenToStream(String name, String stream, DeliveryListener listener, int prefetch) {
        StreamOffset offset = new StreamOffset();
        return listen(name, List.of(stream), delivery -> {
            offset.delivered(delivery.message());
            listener.onDelivery(delivery);
        }, AcknowledgeMode.MANUAL, prefetch, () -> Map.of(StreamOffset.ARGUMENT, offset.next()), lost -> {
            if (lost == QueueListener.Lost.CANCELLED_BY_BROKER) {
                log.warn("the broker cancelled the consumer of stream {}; reading it from its last chunk", stream);
                offset.reset();
            }
            redeclareIfMissing(name, lost);
        });
    }

    private Subscription listen(String name, List<String> queues, DeliveryListener listener, AcknowledgeMode ackMode,
                                int prefetch, Supplier<Map<String, Object>> arguments,
                                Consumer<QueueListener.Lost> onLost) {
        return switch (consumerConnections) {
            case ConsumerConnections.Shared shared -> subscribe(new QueueListener(name, connectionFactory, queues,
                    ChannelLayout.CHANNEL_PER_QUEUE, listener, ackMode, prefetch, arguments, onLost,
                    recoveryScheduler()), () -> { });
            case ConsumerConnections.PerListener perListener -> {
                CachingConnectionFactory own = perListener.open().apply(name);
                own.setExecutor(InlineDeliveries.INSTANCE);
                admin.watch(own);
                listenerConnections.add(own);
                yield subscribe(new QueueListener(name, own, queues, ChannelLayout.ONE_CHANNEL, listener, ackMode,
                        prefetch, arguments, onLost, recoveryScheduler()), () -> {
                    listenerConnections.remove(own);
                    own.destroy();
                });
            }
        };
    }

    private Subscription subscribe(QueueListener consumers, Runnable afterStop) {
        topology.addConsumers(consumers);
        consumers.start();
        return new Subscription(consumers, topology, afterStop);
    }

    /** Closes the connections of listeners still consuming; the transport's own connection is its owner's to close. */
    @Override
    public void close() {
        listenerConnections.forEach(CachingConnectionFactory::destroy);
        listenerConnections.clear();
    }

    /**
     * A queue deleted under a live process (by an operator, or auto-deleted when a consumer's channel failed) is
     * declared again, so that the consumer's restart finds it.
     */
    private void redeclareIfMissing(String listener, QueueListener.Lost lost) {
        if (lost != QueueListener.Lost.CHANNEL_CLOSED) {
            log.warn("{}: a queue is gone from the broker; declaring the topology again", listener);
            admin.redeclare();
        }
    }

    /** Where lost consumers are started again: the scheduler given, or the process's shared one. */
    private TaskScheduler recoveryScheduler() {
        return listenerScheduler != null ? listenerScheduler : SharedRecovery.SCHEDULER;
    }

    /** One daemon thread for the whole process, made when first needed: restarts are few and quick. */
    private static final class SharedRecovery {
        static final TaskScheduler SCHEDULER = start();

        private static TaskScheduler start() {
            ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
            scheduler.setPoolSize(1);
            scheduler.setThreadNamePrefix("rpc-consumer-recovery-");
            scheduler.setDaemon(true);
            scheduler.afterPropertiesSet();
            return scheduler;
        }
    }
}
