package org.novasim.messaging.config;

import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;

import org.novasim.messaging.notify.Notifier;
import org.novasim.messaging.rpc.RpcClientFactory;
import org.novasim.messaging.rpc.RpcServerFactory;
import org.novasim.messaging.transport.AmqpTransport;

/**
 * A transport of its own beside the application's, as a Python process gets from oslo's {@code get_rpc_transport}:
 * a connection with its servers, its clients (and so its own reply queue) and its notifier. Closing it stops the
 * servers, then the clients, then closes the connection.
 *
 * @param name the connection's name on the broker
 */
public record RpcTransport(String name, CachingConnectionFactory connection, AmqpTransport amqp,
                           RpcServerFactory servers, RpcClientFactory clients, Notifier notifier)
        implements AutoCloseable {

    @Override
    public void close() {
        servers.close();
        clients.close();
        connection.destroy();
    }
}
