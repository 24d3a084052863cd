package org.novasim.messaging.config;

import java.util.List;

import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;

import org.novasim.messaging.notify.Notifier;
import org.novasim.messaging.rpc.RpcClientFactory;
import org.novasim.messaging.rpc.RpcServerFactory;
import org.novasim.messaging.transport.AmqpTransport;

/**
 * A transport of its own beside the application's, as a Python process gets from oslo's {@code get_rpc_transport}
 * (and {@code get_notification_transport}): connections with their servers, their clients (and so their own reply
 * queue) and their notifier. Closing it stops the servers, then the clients, then closes the connections.
 *
 * @param name        the connection's name on the broker, or the names' stem when it has several
 * @param connections the connections it publishes on; its listeners' own connections close with {@code amqp}
 */
public record RpcTransport(String name, AmqpTransport amqp, RpcServerFactory servers, RpcClientFactory clients,
                           Notifier notifier, List<CachingConnectionFactory> connections) implements AutoCloseable {

    @Override
    public void close() {
        servers.close();
        clients.close();
        amqp.close();
        connections.forEach(CachingConnectionFactory::destroy);
    }
}
