package org.novasim.messaging.transport;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.rabbit.connection.Connection;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.connection.ConnectionListener;
import org.springframework.amqp.rabbit.connection.RabbitUtils;
import org.springframework.amqp.rabbit.core.ChannelCallback;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.scheduling.TaskScheduler;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ShutdownSignalException;

import org.novasim.messaging.MessageDeliveryFailure;

/**
 * Declares this process's exchanges, queues and bindings, as Spring AMQP's {@code RabbitAdmin} does, declares them
 * again on every new connection, and after a connection recovery makes sure they really are on the broker.
 * <p>
 * A declare-ok is not enough on a cluster that has just lost a node (RabbitMQ 3.10's {@code on_node_down}, see
 * docs/reliability.md): each surviving node deletes the lost node's transient queues by name, in batches, and removes
 * their topic-exchange routes only at the end. A queue re-declared meanwhile can lose its record to the second node's
 * pass (its consumer left on a queue process nothing routes to), or keep its binding in the listing while the topic
 * exchange's routing trie no longer holds it (every publish handed back, and a second {@code queue.bind} a no-op).
 * So each {@link TopologyRecovery#checks() check} after a recovery looks for every queue with a passive declare,
 * declares a missing one again with its bindings and restarts its consumers, restarts the consumers of a queue found
 * with none (re-created while this process's consumer was left on the lost record), and binds the topic bindings of
 * transient queues anew (unbind, then bind: only that rewrites the trie).
 * <p>
 * Its channels are taken for the moment only and closed for good, as kombu declares on its one channel: none is left
 * idle in a connection's cache, so a connection holds only the channels it publishes or consumes on.
 */
final class TopologyAdmin {

    private static final Logger log = LoggerFactory.getLogger(TopologyAdmin.class);
    /** Asserting again because of returned messages or timed-out calls: at most this often. */
    static final Duration RETURNS_HOLD_OFF = Duration.ofSeconds(2);
    /** Connections of one transport coming back within this long of each other count as one recovery. */
    static final Duration RECOVERY_HOLD_OFF = Duration.ofSeconds(2);
    /** Up to this much later than each check, at random: thousands of per-host transports do not check at once. */
    static final Duration JITTER = Duration.ofSeconds(1);
    private static final String TOPIC = "topic";

    private final ConnectionFactory connectionFactory;
    private final RabbitTemplate template;
    private final DeclaredTopology topology;
    private final TopologyRecovery recovery;
    private final TaskScheduler scheduler;
    private final AtomicLong lastChecksScheduled = new AtomicLong(Long.MIN_VALUE / 2);
    private final AtomicLong lastPromptedCheck = new AtomicLong(Long.MIN_VALUE / 2);
    private final AtomicLong repairs = new AtomicLong();

    TopologyAdmin(ConnectionFactory connectionFactory, DeclaredTopology topology, TopologyRecovery recovery,
                  TaskScheduler scheduler) {
        this.connectionFactory = connectionFactory;
        this.template = new RabbitTemplate(connectionFactory);
        this.topology = topology;
        this.recovery = recovery;
        this.scheduler = scheduler;
        redeclareOnConnect(connectionFactory, true);
    }

    /**
     * Declares everything again when a listener's own connection comes back, and asserts it after: the broker may
     * have lost the queues that listener reads. Its first connection finds them just declared.
     */
    void watch(ConnectionFactory listenerConnection) {
        redeclareOnConnect(listenerConnection, false);
    }

    /** Declares all again on each new connection of {@code factory} (the first if asked); checks after a reconnect. */
    private void redeclareOnConnect(ConnectionFactory factory, boolean firstConnectionToo) {
        AtomicBoolean connectedBefore = new AtomicBoolean();
        factory.addConnectionListener(new ConnectionListener() {
            @Override
            public void onCreate(Connection connection) {
                boolean reconnect = connectedBefore.getAndSet(true);
                if (reconnect || firstConnectionToo) {
                    redeclare(connection);
                }
                if (reconnect) {
                    scheduleChecks();
                }
            }
        });
    }

    /** On a channel of the transport's connection, closed for good afterwards. */
    private <T> T onChannel(ChannelCallback<T> action) {
        return template.execute(channel -> {
            RabbitUtils.setPhysicalCloseRequired(channel, true);
            return action.doInRabbit(channel);
        });
    }

    /** What was found missing or bound anew by the checks, since the process started. */
    long repairs() {
        return repairs.get();
    }

    /** Declares an exchange (and again after reconnects); servers do so when they start, before binding. */
    void declare(ExchangeSpec exchange) {
        topology.add(exchange);
        try {
            onChannel(channel -> {
                declare(channel, exchange);
                return null;
            });
        } catch (AmqpException e) {
            // As a publish that cannot reach the broker: the caller gets the messaging layer's failure.
            throw new MessageDeliveryFailure("could not declare exchange '" + exchange.name() + "': " + e.getMessage(), e);
        }
    }

    /** Declares an exchange before the first publish to it, as oslo's publishers do; later publishes skip it. */
    void ensureDeclared(ExchangeSpec exchange) {
        if (topology.add(exchange)) {
            declare(exchange);
        }
    }

    /** Whether the exchange is on the broker (a passive declaration: nothing is created). */
    boolean exchangeExists(String name) {
        try {
            return onChannel(channel -> {
                try {
                    channel.exchangeDeclarePassive(name);
                    return true;
                } catch (IOException e) {
                    return false;
                }
            });
        } catch (AmqpException e) {
            return false;
        }
    }

    void declare(QueueSpec queue) {
        topology.add(queue);
        onChannel(channel -> {
            declare(channel, queue);
            return null;
        });
    }

    void declare(BindingSpec binding) {
        topology.add(binding);
        onChannel(channel -> {
            channel.queueBind(binding.queue(), binding.exchange(), binding.routingKey());
            return null;
        });
    }

    /** Stops re-declaring a queue and, if asked, deletes it (after its consumers: see AmqpTransport.forget). */
    void forget(QueueSpec queue, boolean delete) {
        topology.remove(queue);
        if (delete) {
            try {
                onChannel(channel -> channel.queueDelete(queue.name()));
            } catch (AmqpException e) {
                log.debug("could not delete queue {}: {}", queue.name(), e.getMessage());
            }
        }
    }

    /** Declares everything again, on the transport's connection (a consumer found its queue gone). */
    void redeclare() {
        try {
            redeclare(connectionFactory.createConnection());
        } catch (AmqpException e) {
            log.error("could not re-declare the RPC topology: {}", e.getMessage());
        }
    }

    /**
     * Each exchange, queue and binding declared on its own: one the broker refuses (a transient queue whose record
     * outlives its lost node for a moment: "process is stopped by supervisor") closes its channel, and the rest are
     * declared on a new one rather than left out until the next reconnect.
     */
    private void redeclare(Connection connection) {
        if (topology.exchanges().isEmpty() && topology.queues().isEmpty()) {
            return;
        }
        List<String> failed = new ArrayList<>();
        Channel channel = null;
        try {
            for (ExchangeSpec exchange : topology.exchanges()) {
                channel = declareApart(connection, channel, c -> declare(c, exchange), "exchange " + exchange.name(),
                        failed);
            }
            for (QueueSpec queue : topology.queues()) {
                channel = declareApart(connection, channel, c -> declare(c, queue), "queue " + queue.name(), failed);
            }
            for (BindingSpec binding : topology.bindings()) {
                channel = declareApart(connection, channel,
                        c -> c.queueBind(binding.queue(), binding.exchange(), binding.routingKey()),
                        "binding " + binding.exchange() + "/" + binding.routingKey(), failed);
            }
        } finally {
            closeQuietly(channel);
        }
        if (failed.isEmpty()) {
            log.info("declared {} exchanges, {} queues and {} bindings again",
                    topology.exchanges().size(), topology.queues().size(), topology.bindings().size());
        } else {
            // Their consumers' restarts, or the checks after a recovery, declare them again.
            log.warn("declared the RPC topology again on a new connection but for {} of {}: {}", failed.size(),
                    topology.exchanges().size() + topology.queues().size() + topology.bindings().size(), failed);
        }
    }

    private interface Declaration {
        void on(Channel channel) throws IOException;
    }

    /** @return the channel to go on with: this one, or a new one if the broker closed it */
    private static Channel declareApart(Connection connection, Channel channel, Declaration declaration, String what,
                                        List<String> failed) {
        try {
            Channel open = channel != null && channel.isOpen() ? channel : connection.createChannel(false);
            declaration.on(open);
            return open;
        } catch (IOException | AmqpException | com.rabbitmq.client.AlreadyClosedException e) {
            failed.add(what + ": " + reason(e));
            return channel;
        }
    }

    /** The broker's words when it closed the channel, else the exception's. */
    private static String reason(Exception e) {
        Throwable cause = e instanceof ShutdownSignalException ? e : e.getCause();
        if (cause instanceof ShutdownSignalException signal && signal.getReason() instanceof AMQP.Channel.Close close) {
            return close.getReplyText();
        }
        return e.toString();
    }

    /** Closes a declaring channel for good, rather than leaving it idle in the connection's cache. */
    private static void closeQuietly(Channel channel) {
        if (channel != null && channel.isOpen()) {
            RabbitUtils.setPhysicalCloseRequired(channel, true);
            try {
                channel.close();
            } catch (IOException | java.util.concurrent.TimeoutException | com.rabbitmq.client.AlreadyClosedException e) {
                log.debug("could not close a declaring channel: {}", e.toString());
            }
        }
    }

    /**
     * The broker handed back a message: if it was addressed to one of this process's own bindings, the route is
     * broken although this process serves it, and the topology is asserted again now (at most every
     * {@link #RETURNS_HOLD_OFF}).
     */
    void returned(String exchange, String routingKey) {
        if (!recovery.enabled() || topology.bindings().stream()
                .noneMatch(b -> b.exchange().equals(exchange) && b.routingKey().equals(routingKey))) {
            return;
        }
        checkSoon("a message for '" + routingKey + "' on '" + exchange + "', a binding this process holds, was"
                + " handed back");
    }

    /**
     * Asserts the topology now, at most every {@link #RETURNS_HOLD_OFF}: something suggests the broker lost a queue
     * of this process's without its connection going (a node lost while this process was connected to another).
     */
    void checkSoon(String why) {
        long now = System.nanoTime();
        long last = lastPromptedCheck.get();
        if (recovery.enabled() && now - last >= RETURNS_HOLD_OFF.toNanos()
                && lastPromptedCheck.compareAndSet(last, now)) {
            log.warn("{}; asserting the topology", why);
            scheduler.schedule(() -> checkApart(why), Instant.now());
        }
    }

    /**
     * Once for a recovery however many of the transport's connections come back with it (a per-host transport has
     * a listener connection for its server and one for its replies beside its own).
     */
    private void scheduleChecks() {
        long now = System.nanoTime();
        long last = lastChecksScheduled.get();
        if (!recovery.enabled() || now - last < RECOVERY_HOLD_OFF.toNanos()
                || !lastChecksScheduled.compareAndSet(last, now)) {
            return;
        }
        Instant recovered = Instant.now();
        for (Duration after : recovery.checks()) {
            long jitter = ThreadLocalRandom.current().nextLong(JITTER.toMillis() + 1);
            scheduler.schedule(() -> checkApart(after + " after a connection recovery"),
                    recovered.plus(after).plusMillis(jitter));
        }
    }

    /**
     * A check on a virtual thread of its own: the scheduler is the one that restarts lost consumers, and thousands of
     * per-host transports checking must not hold their restarts back.
     */
    private void checkApart(String why) {
        Thread.ofVirtual().name("topology-check").start(() -> check(why));
    }

    /** One assertion of the whole topology; on the scheduler, never a reader thread (it waits for the broker). */
    void check(String why) {
        List<QueueSpec> queues = List.copyOf(topology.queues());
        if (queues.isEmpty()) {
            return;
        }
        try {
            Connection connection = connectionFactory.createConnection();
            List<String> unconsumed = new ArrayList<>();
            List<QueueSpec> missing = missingQueues(connection, queues, unconsumed);
            Set<String> missingNames = missing.stream().map(QueueSpec::name).collect(Collectors.toSet());
            List<BindingSpec> rebound = new ArrayList<>();
            Channel channel = connection.createChannel(false);
            try {
                for (QueueSpec queue : missing) {
                    declare(channel, queue);
                }
                for (BindingSpec binding : topology.bindings()) {
                    if (missingNames.contains(binding.queue())) {
                        channel.queueBind(binding.queue(), binding.exchange(), binding.routingKey());
                    } else if (routedByTrie(binding, queues)) {
                        // Unbind then bind: a bind alone is a no-op while the route's record is there.
                        channel.queueUnbind(binding.queue(), binding.exchange(), binding.routingKey());
                        channel.queueBind(binding.queue(), binding.exchange(), binding.routingKey());
                        rebound.add(binding);
                    }
                }
            } finally {
                closeQuietly(channel);
            }
            for (QueueSpec queue : missing) {
                topology.consumeAgain(queue.name());
            }
            // A queue re-created under a consumer left on its lost predecessor: present, routed to, read by nobody.
            for (String queue : unconsumed) {
                topology.consumeAgain(queue);
            }
            repairs.addAndGet(missing.size() + unconsumed.size());
            if (!unconsumed.isEmpty()) {
                log.warn("asserted the topology ({}): {} queues this process reads had no consumer on the broker and are"
                        + " consumed again: {}", why, unconsumed.size(), unconsumed);
            }
            if (!missing.isEmpty()) {
                log.warn("asserted the topology ({}): {} of {} queues were gone from the broker and are declared again"
                        + " with their bindings and consumers: {}; {} topic bindings bound anew", why, missing.size(),
                        queues.size(), missingNames, rebound.size());
            } else {
                log.info("asserted the topology ({}): {} queues present, {} topic bindings bound anew", why,
                        queues.size(), rebound.size());
            }
        } catch (Exception e) {
            // The next check, a consumer's restart or a new connection tries again.
            log.warn("could not assert the topology ({}): {}", why, e.toString());
        }
    }

    /**
     * The queues a passive declare does not find (each miss closes its channel, so the next gets a new one); and, in
     * {@code unconsumed}, those found with no consumer although this process reads them.
     */
    private List<QueueSpec> missingQueues(Connection connection, List<QueueSpec> queues, List<String> unconsumed)
            throws IOException, java.util.concurrent.TimeoutException {
        List<QueueSpec> missing = new ArrayList<>();
        Channel channel = connection.createChannel(false);
        try {
            for (QueueSpec queue : queues) {
                try {
                    if (channel.queueDeclarePassive(queue.name()).getConsumerCount() == 0
                            && topology.consumes(queue.name())) {
                        unconsumed.add(queue.name());
                    }
                } catch (IOException e) {
                    if (!notFound(e)) {
                        throw e;
                    }
                    missing.add(queue);
                    channel = connection.createChannel(false);
                }
            }
        } finally {
            closeQuietly(channel);
        }
        return missing;
    }

    /**
     * Whether the binding is routed through a topic exchange's trie and its queue is transient: the durable ones
     * are not touched by a node's clean-up, and the other exchange types route by the binding records themselves.
     */
    private boolean routedByTrie(BindingSpec binding, List<QueueSpec> queues) {
        boolean topicExchange = topology.exchanges().stream()
                .anyMatch(e -> e.name().equals(binding.exchange()) && e.type().equals(TOPIC));
        boolean transientQueue = queues.stream().anyMatch(q -> q.name().equals(binding.queue()) && !q.durable());
        return topicExchange && transientQueue;
    }

    private static boolean notFound(IOException e) {
        return e.getCause() instanceof ShutdownSignalException signal
                && signal.getReason() instanceof AMQP.Channel.Close close && close.getReplyCode() == AMQP.NOT_FOUND;
    }

    static void declare(Channel channel, ExchangeSpec exchange) throws IOException {
        channel.exchangeDeclare(exchange.name(), exchange.type(), exchange.durable(), exchange.autoDelete(), null);
    }

    static void declare(Channel channel, QueueSpec queue) throws IOException {
        channel.queueDeclare(queue.name(), queue.durable(), queue.exclusive(), queue.autoDelete(),
                queue.arguments().isEmpty() ? null : new HashMap<>(queue.arguments()));
    }
}
