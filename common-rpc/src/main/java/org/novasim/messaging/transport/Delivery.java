package org.novasim.messaging.transport;

import java.io.IOException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;

import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.Channel;

/**
 * A message as its consumer received it, with the means to settle it on the channel that delivered it: a delivery
 * tag means nothing on any other channel, and a channel lost since means the broker has taken the message back.
 */
public final class Delivery {

    private static final Logger log = LoggerFactory.getLogger(Delivery.class);

    private final Message message;
    private final Channel channel;
    private final long tag;
    private final boolean settled;

    Delivery(Message message, Channel channel, long tag, boolean autoAcked) {
        this.message = message;
        this.channel = channel;
        this.tag = tag;
        this.settled = autoAcked;
    }

    public Message message() {
        return message;
    }

    /** Tells the broker the message is taken: it will not be delivered again. Nothing to do if it was auto-acked. */
    public void ack() {
        if (!settled) {
            try {
                channel.basicAck(tag, false);
            } catch (IOException | AlreadyClosedException e) {
                log.debug("could not ack delivery {} from {} (the broker delivers it again): {}", tag,
                        message.getMessageProperties().getConsumerQueue(), e.toString());
            }
        }
    }

    /** Hands the message back: to the queue again, or to its dead-letter exchange if it has one (else dropped). */
    public void reject(boolean requeue) {
        if (!settled) {
            try {
                channel.basicReject(tag, requeue);
            } catch (IOException | AlreadyClosedException e) {
                log.debug("could not reject delivery {}: {}", tag, e.toString());
            }
        }
    }
}
