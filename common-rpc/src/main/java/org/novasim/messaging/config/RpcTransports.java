package org.novasim.messaging.config;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.connection.RabbitConnectionFactoryBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.amqp.autoconfigure.CachingConnectionFactoryConfigurer;
import org.springframework.boot.amqp.autoconfigure.ConnectionFactoryCustomizer;
import org.springframework.boot.amqp.autoconfigure.RabbitConnectionFactoryBeanConfigurer;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import org.novasim.messaging.flow.MessageFlowRecorder;
import org.novasim.messaging.notify.Notifier;
import org.novasim.messaging.rpc.RpcClientFactory;
import org.novasim.messaging.rpc.RpcServerFactory;
import org.novasim.messaging.transport.AmqpTransport;
import org.novasim.messaging.transport.ConsumerConnections;
import org.novasim.messaging.trace.RpcTracing;
import org.novasim.messaging.transport.OsloTopology;

/**
 * Opens {@link RpcTransport}s, each on a connection of its own, configured as the application's connection is
 * (broker addresses, account, heartbeat, TLS, publisher confirms). Thousands can be open in one JVM: each reads its
 * socket on a virtual thread, which also runs their deliveries, and they share one timer for AMQP heartbeats and one
 * for restarting lost consumers, instead of taking several platform threads each; their recorder is the application's.
 */
public final class RpcTransports implements AutoCloseable {

    /**
     * Lost consumers started again at once, over all transports. A restart waits on the broker (a new connection,
     * the topology declared again, a channel, a consume), so one restart waiting on a slow answer does not hold back
     * the other hosts'. After a broker restart under 2,000 per-host transports, the broker's pace of new connections
     * (about 100 a second on a 2-core machine) sets the time either way: 40 to 46 s to bring back 8,000 consumers.
     */
    private static final int CONSUMER_RESTARTS_AT_ONCE = 8;

    private final ObjectProvider<RabbitConnectionFactoryBeanConfigurer> connectionSettings;
    private final ObjectProvider<CachingConnectionFactoryConfigurer> cacheSettings;
    private final List<ConnectionFactoryCustomizer> customizers;
    private final ConnectionFactory applicationConnection;
    private final RpcProperties properties;
    private final OsloTopology topology;
    private final MessageFlowRecorder recorder;
    private final String service;
    private final RpcTracing tracing;
    private com.rabbitmq.client.ConnectionFactory sharedFactory;
    private ScheduledExecutorService heartbeats;
    private ThreadPoolTaskScheduler consumerRecovery;

    RpcTransports(ObjectProvider<RabbitConnectionFactoryBeanConfigurer> connectionSettings,
                  ObjectProvider<CachingConnectionFactoryConfigurer> cacheSettings,
                  List<ConnectionFactoryCustomizer> customizers, ConnectionFactory applicationConnection,
                  RpcProperties properties, OsloTopology topology, MessageFlowRecorder recorder, String service,
                  RpcTracing tracing) {
        this.tracing = tracing;
        this.connectionSettings = connectionSettings;
        this.cacheSettings = cacheSettings;
        this.customizers = List.copyOf(customizers);
        this.applicationConnection = applicationConnection;
        this.properties = properties;
        this.topology = topology;
        this.recorder = recorder;
        this.service = service;
    }

    /**
     * A transport on new connections, laid out as {@code layout} says.
     *
     * @param name        the connection's name on the broker, as oslo names a process's connections; with the
     *                    {@link ConnectionLayout#OSLO oslo layout}, the stem of their names, each followed by what it
     *                    is for ({@code :send}, {@code :notify}, or its listener's name)
     * @param publisherId the notifier's publisher id, {@code <service>:<host>}
     */
    public RpcTransport open(String name, String publisherId, ConnectionLayout layout) {
        return switch (layout) {
            case SHARED -> {
                CachingConnectionFactory connection = connection(name);
                AmqpTransport amqp = amqp(connection, ConsumerConnections.SHARED);
                yield transport(name, amqp, amqp, publisherId, List.of(connection));
            }
            case OSLO -> {
                CachingConnectionFactory send = connection(name + ":send");
                CachingConnectionFactory notify = connection(name + ":notify");
                AmqpTransport amqp = amqp(send,
                        new ConsumerConnections.PerListener(listener -> connection(name + ":" + listener)));
                yield transport(name, amqp, amqp(notify, ConsumerConnections.SHARED), publisherId,
                        List.of(send, notify));
            }
        };
    }

    private RpcTransport transport(String name, AmqpTransport rpc, AmqpTransport notifications, String publisherId,
                                   List<CachingConnectionFactory> connections) {
        return new RpcTransport(name, rpc, new RpcServerFactory(rpc, topology, recorder, properties, tracing),
                new RpcClientFactory(rpc, topology, recorder, properties, tracing),
                new Notifier(notifications, topology, recorder, properties.notifications().driver(),
                        properties.notifications().topics(), publisherId), connections);
    }

    /** One channel to publish on: a simulated host sends one message at a time, as oslo's pool lends a connection. */
    private AmqpTransport amqp(CachingConnectionFactory connection, ConsumerConnections consumers) {
        return new AmqpTransport(connection, properties.publishRetry(),
                properties.publisherConfirms() ? properties.rpcResponseTimeout() : null, properties.topologyRecovery(),
                consumerRecovery, 1, consumers);
    }

    /** A connection named {@code name}, configured as the application's. */
    private CachingConnectionFactory connection(String name) {
        CachingConnectionFactory connection = new CachingConnectionFactory(sharedFactory());
        cacheSettings.getObject().configure(connection);
        connection.setConnectionNameStrategy(f -> name);
        if (applicationConnection instanceof CachingConnectionFactory application) {
            if (application.isSimplePublisherConfirms()) {
                connection.setPublisherConfirmType(CachingConnectionFactory.ConfirmType.SIMPLE);
            } else if (application.isPublisherConfirms()) {
                connection.setPublisherConfirmType(CachingConnectionFactory.ConfirmType.CORRELATED);
            }
        }
        return connection;
    }

    /** The service name of the application ({@code spring.application.name}), for publisher ids and connection names. */
    public String service() {
        return service;
    }

    private synchronized com.rabbitmq.client.ConnectionFactory sharedFactory() {
        if (sharedFactory == null) {
            RabbitConnectionFactoryBean bean = new RabbitConnectionFactoryBean();
            // Spring Boot's own settings, as its auto-configuration applies them to the application's connection.
            connectionSettings.getObject().configure(bean);
            try {
                bean.afterPropertiesSet();
                sharedFactory = bean.getObject();
            } catch (Exception e) {
                throw new IllegalStateException("cannot configure connections to the broker: " + e.getMessage(), e);
            }
            customizers.forEach(c -> c.customize(sharedFactory));
            heartbeats = Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().name("rpc-transports-heartbeat").daemon().factory());
            consumerRecovery = new ThreadPoolTaskScheduler();
            consumerRecovery.setPoolSize(CONSUMER_RESTARTS_AT_ONCE);
            consumerRecovery.setThreadNamePrefix("rpc-transports-consumer-recovery-");
            consumerRecovery.setDaemon(true);
            consumerRecovery.afterPropertiesSet();
            // Spring's connection factory reconnects and restarts consumers itself.
            sharedFactory.setAutomaticRecoveryEnabled(false);
            sharedFactory.setHeartbeatExecutor(heartbeats);
            // Each connection reads its socket, and runs its deliveries, on a virtual thread: thousands cost little
            // memory, and none is woken for another's traffic (the client's NIO loop scans every connection on each
            // wake-up).
            sharedFactory.setThreadFactory(Thread.ofVirtual().name("amqp-connection-", 0).factory());
        }
        return sharedFactory;
    }

    @Override
    public synchronized void close() {
        if (sharedFactory != null) {
            consumerRecovery.shutdown();
            heartbeats.shutdownNow();
        }
    }
}
