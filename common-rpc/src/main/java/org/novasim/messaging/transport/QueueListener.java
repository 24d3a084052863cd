package org.novasim.messaging.transport;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.connection.RabbitUtils;
import org.springframework.amqp.rabbit.support.DefaultMessagePropertiesConverter;
import org.springframework.amqp.rabbit.support.MessagePropertiesConverter;
import org.springframework.scheduling.TaskScheduler;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.ShutdownSignalException;

/**
 * Consumes a few queues, on a channel each or all on one as the {@link ChannelLayout} says, and hands every delivery
 * to one listener on the thread that delivers it, which on the transport's connections is the reader thread
 * ({@link InlineDeliveries}). A consumer the broker cancels (its queue deleted, its node lost) or loses with its
 * channel or connection is started again on the scheduler, with every consumer of its channel, until it consumes:
 * first after {@link #RESTART_DELAY}, then every {@link #RETRY_INTERVAL} (each plus up to {@link #JITTER}); the owner
 * hears why first, to declare what the broker lost.
 * <p>
 * No callback from the client takes a lock or waits: starting a consumer waits for the broker's consume-ok, which the
 * reader thread brings, so it happens only on the starting thread or the scheduler.
 */
final class QueueListener implements DeclaredTopology.Consumers {

    private static final Logger log = LoggerFactory.getLogger(QueueListener.class);

    static final Duration RESTART_DELAY = Duration.ofMillis(500);
    static final Duration RETRY_INTERVAL = Duration.ofSeconds(2);
    /**
     * Up to this much more before each restart, at random: a broker that comes back under thousands of consumers
     * (per-host compute hosts lose four each at once) is not met by all of them in the same instant, and restarts on
     * a shared scheduler take different hosts' consumers rather than queueing on one host's new connection.
     */
    static final Duration JITTER = Duration.ofMillis(500);
    private static final MessagePropertiesConverter CONVERTER = new DefaultMessagePropertiesConverter();

    /** Why a consumer stopped consuming, for its owner to mend before it starts again. */
    enum Lost {
        /** The broker cancelled it: the queue was deleted or its node lost. */
        CANCELLED_BY_BROKER,
        /** The broker refused to consume: no such queue. */
        QUEUE_MISSING,
        /** Its channel or connection closed. */
        CHANNEL_CLOSED
    }

    private final String name;
    private final ConnectionFactory connectionFactory;
    private final DeliveryListener listener;
    private final AcknowledgeMode ackMode;
    private final int prefetch;
    private final Supplier<Map<String, Object>> arguments;
    private final Consumer<Lost> onLost;
    private final TaskScheduler scheduler;
    private final List<ChannelConsumers> channels;
    private volatile boolean running;

    /**
     * @param ackMode   NONE: the broker counts a message taken once sent; AUTO: acknowledged once the listener
     *                  returns; MANUAL: the listener acknowledges each delivery itself
     * @param arguments the consume arguments, asked again at every start (a stream's offset moves)
     * @param onLost    told, on the scheduler, why a consumer stopped, before it is started again
     */
    QueueListener(String name, ConnectionFactory connectionFactory, List<String> queues, ChannelLayout layout,
                  DeliveryListener listener, AcknowledgeMode ackMode, int prefetch,
                  Supplier<Map<String, Object>> arguments, Consumer<Lost> onLost, TaskScheduler scheduler) {
        this.name = name;
        this.connectionFactory = connectionFactory;
        this.listener = listener;
        this.ackMode = ackMode;
        this.prefetch = prefetch;
        this.arguments = arguments;
        this.onLost = onLost;
        this.scheduler = scheduler;
        this.channels = switch (layout) {
            case CHANNEL_PER_QUEUE -> queues.stream().map(q -> new ChannelConsumers(List.of(q))).toList();
            case ONE_CHANNEL -> List.of(new ChannelConsumers(List.copyOf(queues)));
        };
    }

    /** Starts consuming; a queue that cannot be consumed yet is tried again on the scheduler. */
    void start() {
        running = true;
        channels.forEach(ChannelConsumers::start);
    }

    /** Stops consuming: the channels are closed, and the broker takes back what was delivered but not acknowledged. */
    void stop() {
        running = false;
        channels.forEach(ChannelConsumers::stop);
    }

    @Override
    public void consumeAgain(String queue) {
        channels.stream().filter(c -> c.queues.contains(queue)).forEach(ChannelConsumers::restart);
    }

    @Override
    public DeclaredTopology.ConsumerView view() {
        return new DeclaredTopology.ConsumerView(name, channels.stream().flatMap(c -> c.queues.stream()).toList(),
                running && channels.stream().allMatch(ChannelConsumers::consuming));
    }

    /** The consumers of one channel, a queue each, through the channels taken in turn; they start and stop as one. */
    private final class ChannelConsumers {

        private final List<String> queues;
        private final AtomicBoolean restartPending = new AtomicBoolean();
        /**
         * Starts that failed since it last consumed: the first failure is told at warn, the retries after it at
         * debug (thousands of hosts' consumers retry every 2 s while a broker is away), the recovery at info.
         */
        private int failedStarts;
        /** Stopped consuming without being asked to, or failed to start, since it last consumed: its recovery is told. */
        private volatile boolean recovering;
        /** The channel consuming now, if any, with a consumer per queue. */
        private volatile List<QueueConsumer> current = List.of();

        ChannelConsumers(List<String> queues) {
            this.queues = queues;
        }

        boolean consuming() {
            List<QueueConsumer> c = current;
            return !c.isEmpty() && c.stream().allMatch(q -> q.consuming);
        }

        private String queueNames() {
            return String.join(", ", queues);
        }

        /** On the starting thread or the scheduler, never the reader's: it waits for the broker. */
        synchronized void start() {
            if (!running || consuming()) {
                return;
            }
            close(current);
            Channel proxy;
            try {
                proxy = connectionFactory.createConnection().createChannel(false);
            } catch (AmqpException e) {
                failedStart("cannot open a channel to consume " + queueNames() + ": " + e.getMessage());
                lost(Lost.CHANNEL_CLOSED, RETRY_INTERVAL);
                return;
            }
            Channel bare = BareChannel.of(proxy);
            List<QueueConsumer> consumers = queues.stream().map(q -> new QueueConsumer(this, q, proxy, bare)).toList();
            current = consumers;
            try {
                if (ackMode != AcknowledgeMode.NONE && prefetch > 0) {
                    bare.basicQos(prefetch); // per consumer, as oslo's basic_qos(0, count, global=False)
                }
                for (QueueConsumer consumer : consumers) {
                    bare.basicConsume(consumer.queue, ackMode == AcknowledgeMode.NONE, "", false, false,
                            arguments.get(), consumer);
                    consumer.consuming = true;
                }
                if (recovering) { // a failed start is a loss too: it always goes through lost()
                    log.info("{}: consuming {} again{}", name, queueNames(),
                            failedStarts > 0 ? ", after " + failedStarts + " failed starts" : "");
                    failedStarts = 0;
                    recovering = false;
                }
            } catch (IOException | ShutdownSignalException e) {
                close(consumers);
                boolean missing = notFound(e);
                failedStart("cannot consume " + queueNames() + ": " + (missing ? "no such queue" : e.toString()));
                // A missing queue is declared again first, and consumed right after.
                lost(missing ? Lost.QUEUE_MISSING : Lost.CHANNEL_CLOSED, missing ? RESTART_DELAY : RETRY_INTERVAL);
            }
        }

        private void failedStart(String why) {
            if (failedStarts++ == 0) {
                log.warn("{}: {}; trying again until it consumes", name, why);
            } else {
                log.debug("{}: {} (attempt {})", name, why, failedStarts);
            }
        }

        synchronized void stop() {
            close(current);
            current = List.of();
        }

        /** A new channel and a new consumer, on the calling thread (the scheduler's: it waits for the broker). */
        synchronized void restart() {
            if (running) {
                log.info("{}: consuming {} again on a new channel", name, queueNames());
                stop();
                start();
            }
        }

        /** Called from the client's callbacks: mends and restarts on the scheduler, never on the calling thread. */
        void lost(Lost why, Duration after) {
            if (!running) {
                return;
            }
            recovering = true;
            if (restartPending.compareAndSet(false, true)) {
                scheduler.schedule(() -> {
                    restartPending.set(false);
                    if (running) {
                        try {
                            onLost.accept(why);
                        } catch (RuntimeException e) {
                            log.warn("{}: could not mend the loss of {} ({}): {}", name, queueNames(), why,
                                    e.toString());
                        }
                        start();
                    }
                }, Instant.now().plus(after).plusMillis(ThreadLocalRandom.current().nextLong(JITTER.toMillis() + 1)));
            }
        }

        private void close(List<QueueConsumer> consumers) {
            if (!consumers.isEmpty()) {
                consumers.forEach(c -> {
                    c.consuming = false;
                    c.closing = true;
                });
                // Closed for good rather than given back to the cache, which would lend it on with its consumers.
                Channel proxy = consumers.getFirst().proxy;
                RabbitUtils.setPhysicalCloseRequired(proxy, true);
                RabbitUtils.closeChannel(proxy);
            }
        }
    }

    private static boolean notFound(Exception e) {
        Throwable cause = e instanceof ShutdownSignalException ? e : e.getCause();
        return cause instanceof ShutdownSignalException signal && signal.getReason() instanceof AMQP.Channel.Close close
                && close.getReplyCode() == AMQP.NOT_FOUND;
    }

    /** The client's callbacks for one queue's consumer; they run on the reader thread and never wait. */
    private final class QueueConsumer implements com.rabbitmq.client.Consumer {

        private final ChannelConsumers owner;
        private final String queue;
        private final Channel proxy;
        private final Channel channel;
        private volatile boolean consuming;
        /** Closed by us: its shutdown is no loss. */
        private volatile boolean closing;

        QueueConsumer(ChannelConsumers owner, String queue, Channel proxy, Channel channel) {
            this.owner = owner;
            this.queue = queue;
            this.proxy = proxy;
            this.channel = channel;
        }

        @Override
        public void handleDelivery(String consumerTag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
            MessageProperties messageProperties = CONVERTER.toMessageProperties(properties, envelope, "UTF-8");
            messageProperties.setConsumerTag(consumerTag);
            messageProperties.setConsumerQueue(queue);
            Delivery delivery = new Delivery(new Message(body, messageProperties), channel, envelope.getDeliveryTag(),
                    ackMode == AcknowledgeMode.NONE);
            try {
                listener.onDelivery(delivery);
                if (ackMode == AcknowledgeMode.AUTO) {
                    delivery.ack();
                }
            } catch (RuntimeException e) {
                // The listeners set bad messages aside themselves: this is a failure of theirs. Handed back to the
                // queue only while stopping (another consumer takes it); otherwise not, or it would come straight back.
                log.error("{}: the listener failed on a message from {}: {}", name, queue, e.toString(), e);
                delivery.reject(!running);
            }
        }

        @Override
        public void handleConsumeOk(String consumerTag) {
            consuming = true;
        }

        @Override
        public void handleCancelOk(String consumerTag) {
            consuming = false;
        }

        @Override
        public void handleCancel(String consumerTag) {
            consuming = false;
            if (running && !closing) {
                log.warn("{}: the broker cancelled the consumer of {} (queue deleted or its node lost); consuming "
                        + "again within {} ms", name, queue, RESTART_DELAY.plus(JITTER).toMillis());
                owner.lost(Lost.CANCELLED_BY_BROKER, RESTART_DELAY);
            }
        }

        @Override
        public void handleShutdownSignal(String consumerTag, ShutdownSignalException signal) {
            consuming = false;
            if (running && !closing) {
                log.warn("{}: lost the consumer of {} ({}); consuming again within {} ms", name, queue,
                        signal.getMessage(), RESTART_DELAY.plus(JITTER).toMillis());
                owner.lost(Lost.CHANNEL_CLOSED, RESTART_DELAY);
            }
        }

        @Override
        public void handleRecoverOk(String consumerTag) {
        }
    }
}
