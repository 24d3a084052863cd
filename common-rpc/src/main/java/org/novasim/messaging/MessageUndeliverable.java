package org.novasim.messaging;

/**
 * The broker handed a message back: no queue is bound to its routing key (the topic has no server, or a server's
 * queue is gone). Raised at once for a call, instead of waiting out its timeout, and for a confirmed cast.
 */
public class MessageUndeliverable extends MessageDeliveryFailure {

    public MessageUndeliverable(String exchange, String routingKey, String method) {
        super("no queue is bound to routing key '" + routingKey + "' on exchange '" + exchange + "': nothing can take "
                + (method == null ? "the message" : method), null);
    }
}
