package org.novasim.messaging.transport;

import java.util.HashMap;
import java.util.Map;

import org.novasim.messaging.config.RpcProperties;
import org.novasim.messaging.wire.MessageIds;

/**
 * The names and flags oslo.messaging's RabbitMQ driver declares, so a Python peer's declarations of the same
 * entities are equivalent to ours: the control exchange, {@code <topic>} and {@code <topic>.<server>} queues,
 * the {@code <topic>_fanout} exchange with one {@code <topic>_fanout_<hex>} queue per server, {@code reply_<hex>}
 * queues and {@code <topic>.<priority>} notification queues.
 */
public final class OsloTopology {

    private final RpcProperties properties;

    public OsloTopology(RpcProperties properties) {
        this.properties = properties;
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
            args.put("x-queue-type", "quorum");
            durable = true;
        }
        return new QueueSpec(name, durable, properties.amqpAutoDelete(), args);
    }

    public static String fanoutExchangeName(String topic) {
        return topic + "_fanout";
    }

    public ExchangeSpec fanoutExchange(String topic) {
        return new ExchangeSpec(fanoutExchangeName(topic), "fanout", false, true);
    }

    public QueueSpec fanoutQueue(String topic) {
        return transientQueue(topic + "_fanout_" + MessageIds.newHex());
    }

    public QueueSpec replyQueue() {
        return transientQueue("reply_" + MessageIds.newHex());
    }

    /** Reply and fanout queues: non-durable, expiring when unused (oslo's {@code rabbit_transient_queues_ttl}). */
    private QueueSpec transientQueue(String name) {
        // A 32-bit integer, as py-amqp encodes it.
        int expiresMillis = (int) Math.min(Integer.MAX_VALUE, properties.rabbitTransientQueuesTtl().toMillis());
        return new QueueSpec(name, false, false, Map.of("x-expires", expiresMillis));
    }

    /** Where malformed messages are set aside: durable, so the evidence survives a restart. */
    public QueueSpec deadLetterQueue() {
        return new QueueSpec(properties.deadLetterQueueName(), true, false, Map.of());
    }
}
