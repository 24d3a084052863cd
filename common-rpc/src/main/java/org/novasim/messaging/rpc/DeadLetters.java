package org.novasim.messaging.rpc;

import java.util.HashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;

import com.rabbitmq.client.AMQP;

import org.novasim.messaging.transport.AmqpTransport;
import org.novasim.messaging.transport.OsloTopology;
import org.novasim.messaging.transport.QueueSpec;

/**
 * Sets malformed messages aside on the dead-letter queue, with the reason and the queue they came from in their
 * headers, so nothing is lost and the consumer goes on. (The topic queues themselves cannot carry a broker-side
 * dead-letter exchange: their arguments must stay equivalent to the Python peers' declarations.)
 */
final class DeadLetters {

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    static final String REASON_HEADER = "x-novasim-reason";
    static final String QUEUE_HEADER = "x-novasim-queue";
    /** What exactly was wrong, as the caller of a call would have read it (a cast has no caller to tell). */
    static final String ERROR_HEADER = "x-novasim-error";

    private final AmqpTransport transport;
    private final QueueSpec queue;

    DeadLetters(AmqpTransport transport, OsloTopology topology) {
        this.transport = transport;
        this.queue = topology.deadLetterQueue();
    }

    private volatile boolean declared;

    void setAside(Message message, String reason) {
        setAside(message, reason, null);
    }

    void setAside(Message message, String reason, String error) {
        if (!declared) {
            // Declared on first use, so a service that never sees a bad message leaves no empty queue behind.
            transport.declare(queue);
            declared = true;
        }
        Map<String, Object> headers = new HashMap<>(message.getMessageProperties().getHeaders());
        headers.put(REASON_HEADER, reason);
        headers.put(QUEUE_HEADER, String.valueOf(message.getMessageProperties().getConsumerQueue()));
        if (error != null) {
            headers.put(ERROR_HEADER, error);
        }
        AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
                .contentType(message.getMessageProperties().getContentType())
                .contentEncoding(message.getMessageProperties().getContentEncoding())
                .deliveryMode(2).headers(headers).build();
        try {
            transport.publish("", queue.name(), false, properties, message.getBody());
        } catch (RuntimeException e) {
            log.error("could not set a malformed message aside on {}: {}", queue.name(), e.getMessage());
        }
    }
}
