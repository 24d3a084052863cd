package org.novasim.messaging.transport;

/** Queues being consumed and their place in the declared topology; closing it stops consuming. */
public final class Subscription implements AutoCloseable {

    private final QueueListener listener;
    private final DeclaredTopology topology;

    Subscription(QueueListener listener, DeclaredTopology topology) {
        this.listener = listener;
        this.topology = topology;
    }

    @Override
    public void close() {
        topology.removeConsumers(listener);
        listener.stop();
    }
}
