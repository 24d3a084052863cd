package org.novasim.messaging.transport;

/**
 * Takes deliveries that it acknowledges itself ({@link Delivery#ack()}), at the moment its semantics ask for: an RPC
 * server once the request is handed to a worker. Runs on the connection's reader thread: see {@link InlineDeliveries}.
 */
@FunctionalInterface
public interface DeliveryListener {

    void onDelivery(Delivery delivery);
}
