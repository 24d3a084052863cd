package org.novasim.messaging.transport;

import java.util.List;

import org.springframework.amqp.rabbit.listener.DirectMessageListenerContainer;

/** A running listener container and its place in the declared topology; closing it stops consuming. */
public final class Subscription implements DeclaredTopology.Consumers, AutoCloseable {

    private final String name;
    private final List<String> queues;
    private final DirectMessageListenerContainer container;
    private final DeclaredTopology topology;

    Subscription(String name, List<String> queues, DirectMessageListenerContainer container, DeclaredTopology topology) {
        this.name = name;
        this.queues = List.copyOf(queues);
        this.container = container;
        this.topology = topology;
    }

    @Override
    public DeclaredTopology.ConsumerView view() {
        return new DeclaredTopology.ConsumerView(name, queues, container.isRunning() && container.isActive());
    }

    @Override
    public void close() {
        topology.removeConsumers(this);
        container.stop();
        container.destroy();
    }
}
