package org.novasim.messaging.transport;

import java.util.function.Function;

import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;

/** Where a transport's listeners consume. */
public sealed interface ConsumerConnections {

    /** NovaSim's own: every listener on the transport's connection, a channel per queue. */
    ConsumerConnections SHARED = new Shared();

    /** Every listener on the transport's connection, a channel per queue. */
    record Shared() implements ConsumerConnections {
    }

    /**
     * oslo.messaging's: each listener (an RPC server, the reply waiter) on a connection of its own, all its queues on
     * that connection's one channel, while the transport's connection publishes.
     *
     * @param open makes the listener's connection, given the listener's name; the transport closes it with the
     *             listener
     */
    record PerListener(Function<String, CachingConnectionFactory> open) implements ConsumerConnections {
    }
}
