package org.novasim.messaging.transport;

/** A queue bound to an exchange with a routing key. */
public record BindingSpec(String queue, String exchange, String routingKey) {
}
