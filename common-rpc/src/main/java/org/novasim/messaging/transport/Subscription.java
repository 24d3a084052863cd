package org.novasim.messaging.transport;

/** Queues being consumed and their place in the declared topology; closing it stops consuming. */
public final class Subscription implements AutoCloseable {

    private final QueueListener listener;
    private final DeclaredTopology topology;
    /** Closes the listener's own connection, if it has one. */
    private final Runnable afterStop;

    Subscription(QueueListener listener, DeclaredTopology topology, Runnable afterStop) {
        this.listener = listener;
        this.topology = topology;
        this.afterStop = afterStop;
    }

    @Override
    public void close() {
        topology.removeConsumers(listener);
        listener.stop();
        afterStop.run();
    }
}
