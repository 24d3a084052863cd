package org.novasim.messaging.transport;

import java.util.HashMap;
import java.util.Map;

import org.novasim.messaging.config.RpcProperties;
import org.novasim.messaging.wire.MessageIds;

/**
 * The names and flags oslo.messaging's RabbitMQ driver declares, so a Python peer's declarations of the same
 * entities are equivalent to ours: the control exchange, {@code <topic>} and {@code <topic>.<server>} queues,
 * the {@code <topic>_fanout} exchange with one {@code <topic>_fanout_<hex>} queue per server, {@code reply_<hex>}
 * queues and {@code <topic>.<priority>} notification queues. oslo 2024.1's options change them: transient quorum
 * queues make reply and fanout queues durable quorum queues, the queue manager names them
 * {@code <hostname>:<processname>:<n>} in place of the hex, and stream fanout makes one stream {@code <topic>_fanout}.
 */
public final class OsloTopology {

    private final RpcProperties properties;
    private final QueueManager queueManager;

    /** Without a queue manager name, the queue manager (if on) counts under the service name {@code novasim}. */
    public OsloTopology(RpcProperties properties) {
        this(properties, "novasim");
    }

    /** @param applicationName the queue manager's process name unless {@code nova.rpc.processname} gives one */
    public OsloTopology(RpcProperties properties, String applicationName) {
        this.properties = properties;
        this.queueManager = properties.useQueueManager() ? new QueueManager(properties.hostname(),
                properties.processname().isBlank() ? applicationName : properties.processname()) : null;
    }

    public String controlExchangeName(String targetExchange) {
        return targetExchange == null ? properties.controlExchange() : targetExchange;
    }

    public ExchangeSpec controlExchange(String targetExchange) {
        boolean durable = properties.amqpDurableQueues() || properties.rabbitQuorumQueue();
        return new ExchangeSpec(controlExchangeName(targetExchange), "topic", durable, properties.amqpAutoDelete());
    }

    /** The shared {@code <topic>} queue and the private {@code <topic>.<server>} queue: same flags. */
    public QueueSpec topicQueue(String name) {
        Map<String, Object> args = new HashMap<>();
        boolean durable = properties.amqpDurableQueues();
        if (properties.rabbitQuorumQueue()) {
            args.putAll(quorumArguments());
            durable = true;
        }
        return new QueueSpec(name, durable, properties.amqpAutoDelete(), args);
    }

    public static String fanoutExchangeName(String topic) {
        return topic + "_fanout";
    }

    /** Auto-deleted; durable with transient quorum queues (oslo declares it so, whoever declares it first). */
    public ExchangeSpec fanoutExchange(String topic) {
        return new ExchangeSpec(fanoutExchangeName(topic), "fanout", properties.rabbitTransientQuorumQueue(), true);
    }

    /**
     * A server's own queue on the fanout exchange; with stream fanout, the one stream all the topic's servers read,
     * which keeps messages for {@code rabbit-transient-queues-ttl} rather than expiring when unused.
     */
    public QueueSpec fanoutQueue(String topic) {
        if (properties.rabbitStreamFanout()) {
            return new QueueSpec(fanoutExchangeName(topic), true, false,
                    Map.of("x-queue-type", "stream", "x-max-age", properties.rabbitTransientQueuesTtl().toSeconds() + "s"));
        }
        return transientQueue(fanoutExchangeName(topic) + "_" + uniquePart());
    }

    public QueueSpec replyQueue() {
        return transientQueue("reply_" + uniquePart());
    }

    public boolean isStream(QueueSpec queue) {
        return "stream".equals(queue.type());
    }

    /**
     * Whether a server deletes its fanout queue when it stops: not a stream its topic's other servers read, nor a
     * queue manager's, which the service finds again when it comes back (the queue expires if it does not).
     */
    public boolean deletesFanoutQueueOnStop() {
        return !properties.rabbitStreamFanout() && queueManager == null;
    }

    /** Whether a process deletes its reply queue when it stops: not a queue manager's, which it finds again. */
    public boolean deletesReplyQueueOnStop() {
        return queueManager == null;
    }

    private String uniquePart() {
        return queueManager == null ? MessageIds.newHex() : queueManager.next();
    }

    /**
     * Reply and fanout queues: expiring when unused (oslo's {@code rabbit_transient_queues_ttl}); non-durable, or
     * durable quorum queues with {@code rabbit-transient-quorum-queue}.
     */
    private QueueSpec transientQueue(String name) {
        Map<String, Object> args = new HashMap<>();
        if (properties.rabbitTransientQuorumQueue()) {
            args.putAll(quorumArguments());
        }
        // A 32-bit integer, as py-amqp encodes it.
        args.put("x-expires", (int) Math.min(Integer.MAX_VALUE, properties.rabbitTransientQueuesTtl().toMillis()));
        return new QueueSpec(name, properties.rabbitTransientQuorumQueue(), false, args);
    }

    /** {@code x-queue-type: quorum} and the limits set, each only if set, as oslo adds them. */
    private Map<String, Object> quorumArguments() {
        Map<String, Object> args = new HashMap<>();
        args.put("x-queue-type", "quorum");
        if (properties.rabbitQuorumDeliveryLimit() > 0) {
            args.put("x-delivery-limit", properties.rabbitQuorumDeliveryLimit());
        }
        if (properties.rabbitQuorumMaxMemoryLength() > 0) {
            args.put("x-max-in-memory-length", properties.rabbitQuorumMaxMemoryLength());
        }
        long bytes = properties.rabbitQuorumMaxMemoryBytes();
        if (bytes > 0) {
            // py-amqp sends a Python int as a 32-bit integer when it fits.
            args.put("x-max-in-memory-bytes", bytes <= Integer.MAX_VALUE ? (Object) (int) bytes : (Object) bytes);
        }
        return args;
    }

    /** Where malformed messages are set aside: durable, so the evidence survives a restart. */
    public QueueSpec deadLetterQueue() {
        return new QueueSpec(properties.deadLetterQueueName(), true, false, Map.of());
    }
}
