package org.novasim.messaging.transport;

/** An exchange as declared on the broker: {@code topic} for RPC and notifications, {@code fanout} for fanout casts. */
public record ExchangeSpec(String name, String type, boolean durable, boolean autoDelete) {
}
