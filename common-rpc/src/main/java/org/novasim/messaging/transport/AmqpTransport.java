package org.novasim.messaging.transport;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.core.MessageListener;
import org.springframework.amqp.rabbit.connection.Connection;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.connection.ConnectionListener;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.listener.DirectMessageListenerContainer;
import org.springframework.amqp.rabbit.listener.MissingQueueEvent;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;

import org.novasim.messaging.MessageDeliveryFailure;

/**
 * The RabbitMQ side of the messaging layer, on Spring AMQP: publishes raw oslo bodies, declares the oslo topology
 * (and declares it again on every new connection, since a restarted broker has lost the non-durable part of it),
 * and runs listener containers, which reconnect by themselves.
 */
public final class AmqpTransport {

    private static final Logger log = LoggerFactory.getLogger(AmqpTransport.class);

    /** The properties every oslo message carries; only a call adds an expiration. */
    private static final AMQP.BasicProperties PROPERTIES = new AMQP.BasicProperties.Builder()
            .contentType("application/json").contentEncoding("utf-8").deliveryMode(2).priority(0)
            .headers(Map.of()).build();

    /** How long a stopping consumer may take to finish the delivery in hand (workers run separately). */
    private static final long SHUTDOWN_TIMEOUT_MILLIS = 2000;

    private final ConnectionFactory connectionFactory;
    private final RabbitTemplate template;
    private final DeclaredTopology topology = new DeclaredTopology();
    private final Map<Long, AMQP.BasicProperties> callProperties = new ConcurrentHashMap<>();

    public AmqpTransport(ConnectionFactory connectionFactory) {
        this.connectionFactory = connectionFactory;
        this.template = new RabbitTemplate(connectionFactory);
        connectionFactory.addConnectionListener(new ConnectionListener() {
            @Override
            public void onCreate(Connection connection) {
                redeclare(connection);
            }
        });
    }

    public DeclaredTopology topology() {
        return topology;
    }

    public static AMQP.BasicProperties properties() {
        return PROPERTIES;
    }

    /** The call's properties: its timeout is also its time to live in the queue, as oslo sets it. */
    public AMQP.BasicProperties callProperties(long timeoutMillis) {
        return callProperties.computeIfAbsent(timeoutMillis,
                ms -> PROPERTIES.builder().expiration(Long.toString(ms)).build());
    }

    public void publish(String exchange, String routingKey, boolean mandatory, AMQP.BasicProperties properties, byte[] body) {
        try {
            template.execute(channel -> {
                channel.basicPublish(exchange, routingKey, mandatory, properties, body);
                return null;
            });
        } catch (AmqpException e) {
            throw new MessageDeliveryFailure("could not publish to exchange '" + exchange + "' with key '" + routingKey
                    + "': " + e.getMessage(), e);
        }
    }

    /** Declares an exchange (and again after reconnects); servers do so when they start, before binding. */
    public void declare(ExchangeSpec exchange) {
        topology.add(exchange);
        template.execute(channel -> {
            declare(channel, exchange);
            return null;
        });
    }

    /** Declares an exchange before the first publish to it, as oslo's publishers do; later publishes skip it. */
    public void ensureDeclared(ExchangeSpec exchange) {
        if (topology.add(exchange)) {
            declare(exchange);
        }
    }

    public void declare(QueueSpec queue) {
        topology.add(queue);
        template.execute(channel -> {
            declare(channel, queue);
            return null;
        });
    }

    public void declare(BindingSpec binding) {
        topology.add(binding);
        template.execute(channel -> {
            channel.queueBind(binding.queue(), binding.exchange(), binding.routingKey());
            return null;
        });
    }

    /** Stops re-declaring a queue and, if asked, deletes it (oslo deletes a server's fanout queue on a clean stop). */
    public void forget(QueueSpec queue, boolean delete) {
        topology.remove(queue);
        if (delete) {
            try {
                template.execute(channel -> channel.queueDelete(queue.name()));
            } catch (AmqpException e) {
                log.debug("could not delete queue {}: {}", queue.name(), e.getMessage());
            }
        }
    }

    /**
     * Starts a listener container on the given queues. Deliveries run on the connection's consumer threads; the
     * listener hands real work elsewhere, so they stay short.
     */
    public Subscription listen(String name, List<String> queues, MessageListener listener, AcknowledgeMode ackMode,
                               int prefetch) {
        DirectMessageListenerContainer container = new DirectMessageListenerContainer(connectionFactory);
        container.setBeanName(name);
        container.setListenerId(name);
        container.setQueueNames(queues.toArray(String[]::new));
        container.setMessageListener(listener);
        container.setAcknowledgeMode(ackMode);
        container.setPrefetchCount(prefetch);
        // A queue deleted under a live process (by an operator, or auto-deleted when a consumer's channel failed)
        // is declared again, so the container's next restart of that consumer finds it.
        container.setApplicationEventPublisher(event -> {
            if (event instanceof MissingQueueEvent missing && container.isRunning()) {
                log.warn("queue {} is gone from the broker; declaring the topology again", missing.getQueue());
                redeclare();
            }
        });
        container.setMissingQueuesFatal(false);
        container.setShutdownTimeout(SHUTDOWN_TIMEOUT_MILLIS);
        // Notice a lost consumer within two seconds rather than ten after the broker comes back.
        container.setMonitorInterval(2000);
        container.afterPropertiesSet();
        Subscription subscription = new Subscription(name, queues, container, topology);
        topology.addConsumers(subscription);
        container.start();
        return subscription;
    }

    private void redeclare() {
        try {
            redeclare(connectionFactory.createConnection());
        } catch (AmqpException e) {
            log.error("could not re-declare the RPC topology: {}", e.getMessage());
        }
    }

    private void redeclare(Connection connection) {
        if (topology.exchanges().isEmpty() && topology.queues().isEmpty()) {
            return;
        }
        try (Channel channel = connection.createChannel(false)) {
            for (ExchangeSpec exchange : topology.exchanges()) {
                declare(channel, exchange);
            }
            for (QueueSpec queue : topology.queues()) {
                declare(channel, queue);
            }
            for (BindingSpec binding : topology.bindings()) {
                channel.queueBind(binding.queue(), binding.exchange(), binding.routingKey());
            }
            log.info("declared {} exchanges, {} queues and {} bindings again",
                    topology.exchanges().size(), topology.queues().size(), topology.bindings().size());
        } catch (Exception e) {
            log.error("could not re-declare the RPC topology on a new connection: {}", e.getMessage());
        }
    }

    private static void declare(Channel channel, ExchangeSpec exchange) throws IOException {
        channel.exchangeDeclare(exchange.name(), exchange.type(), exchange.durable(), exchange.autoDelete(), null);
    }

    private static void declare(Channel channel, QueueSpec queue) throws IOException {
        channel.queueDeclare(queue.name(), queue.durable(), false, queue.autoDelete(),
                queue.arguments().isEmpty() ? null : new HashMap<>(queue.arguments()));
    }
}
