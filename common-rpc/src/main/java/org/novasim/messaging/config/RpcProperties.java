package org.novasim.messaging.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import org.novasim.messaging.transport.PublishRetry;
import org.novasim.messaging.transport.TopologyRecovery;

/**
 * {@code nova.rpc.*}: the messaging layer's settings. Where oslo.messaging has an option for the same
 * thing, the property carries its name (in kebab case) and its default.
 *
 * @param transportUrl             oslo's {@code transport_url}, {@code rabbit://user:pass@host:port[,user:pass@host2:port]/vhost};
 *                                 when unset, Spring Boot's {@code spring.rabbitmq.*} settings are used
 * @param controlExchange          the topic exchange of RPC and notifications (Nova sets {@code nova})
 * @param host                     this process's server name: the {@code server} of its RPC targets
 * @param rpcResponseTimeout       how long a call waits for its reply unless the client says otherwise
 * @param heartbeatTimeoutThreshold the AMQP heartbeat asked of the broker: a dead peer is noticed within it
 * @param executorThreadPoolSize   how many requests one server handles at once
 * @param prefetchCount            unacknowledged deliveries per consumer (oslo's 0, unlimited, is not offered)
 * @param amqpDurableQueues        durable control exchange and topic queues
 * @param amqpAutoDelete           auto-delete control exchange and topic queues
 * @param rabbitTransientQueuesTtl {@code x-expires} of reply and fanout queues
 * @param rabbitQuorumQueue        topic and notification queues as quorum queues
 * @param rabbitQuorumDeliveryLimit  {@code x-delivery-limit} of every quorum queue; 0 sets none (the broker's own:
 *                                 none before RabbitMQ 4.0, 20 from 4.0)
 * @param rabbitQuorumMaxMemoryLength {@code x-max-in-memory-length} of every quorum queue; 0 sets none
 * @param rabbitQuorumMaxMemoryBytes  {@code x-max-in-memory-bytes} of every quorum queue; 0 sets none
 * @param rabbitTransientQuorumQueue reply and fanout queues as durable quorum queues (oslo 2024.1), so that no
 *                                 queue is transient and non-exclusive, which RabbitMQ 4.3 refuses
 * @param useQueueManager          stable reply and fanout queue names, {@code <hostname>:<processname>:<n>}, counted
 *                                 per host and process group in {@code /dev/shm} (oslo 2024.1): a restarted service
 *                                 finds its queues again, and its fanout queue is no longer deleted on a clean stop
 * @param hostname                 the queue manager's host name (oslo's {@code hostname}); default the machine's
 * @param processname              the queue manager's process name (oslo's {@code processname}); empty means the
 *                                 service's {@code spring.application.name}
 * @param rabbitStreamFanout       one shared stream {@code <topic>_fanout} per topic in place of a queue per server
 *                                 (oslo 2024.1), read from its last chunk on; needs {@code rabbit-transient-quorum-queue}
 *                                 and a {@code prefetch-count} above 0
 * @param duplicateCacheSize       how many recent {@code _unique_id}s a server remembers to drop redeliveries
 * @param deadLetterQueue          where malformed messages are set aside; empty means {@code <control-exchange>.dead_letter}
 * @param upgradeLevels            version cap per topic, as Nova's {@code [upgrade_levels]}
 * @param notifications            the notifier's settings
 * @param recorder                 the message-flow recorder's settings
 * @param publishRetry             how a publish waits for a broker that is away (oslo's {@code rabbit_retry_*})
 * @param publisherConfirms        every publish (requests, replies, notifications, dead letters) waits for the
 *                                 broker's confirm: a cast returns once the broker holds it, and fails if it was
 *                                 refused, not confirmed within {@code rpc-response-timeout}, or routed to no queue
 * @param ssl                      TLS to the broker (oslo's {@code ssl} and {@code ssl_ca_file})
 * @param topologyRecovery         whether and when the topology is asserted again after a connection recovery;
 *                                 {@code enabled=false} is oslo's behaviour (declared once per new connection)
 */
@ConfigurationProperties("nova.rpc")
public record RpcProperties(
        String transportUrl,
        @DefaultValue("nova") String controlExchange,
        String host,
        @DefaultValue("60s") Duration rpcResponseTimeout,
        @DefaultValue("60s") Duration heartbeatTimeoutThreshold,
        @DefaultValue("64") int executorThreadPoolSize,
        @DefaultValue("250") int prefetchCount,
        @DefaultValue("false") boolean amqpDurableQueues,
        @DefaultValue("false") boolean amqpAutoDelete,
        @DefaultValue("1800s") Duration rabbitTransientQueuesTtl,
        @DefaultValue("false") boolean rabbitQuorumQueue,
        @DefaultValue("0") int rabbitQuorumDeliveryLimit,
        @DefaultValue("0") int rabbitQuorumMaxMemoryLength,
        @DefaultValue("0") long rabbitQuorumMaxMemoryBytes,
        @DefaultValue("false") boolean rabbitTransientQuorumQueue,
        @DefaultValue("false") boolean useQueueManager,
        String hostname,
        @DefaultValue("") String processname,
        @DefaultValue("false") boolean rabbitStreamFanout,
        @DefaultValue("1024") int duplicateCacheSize,
        @DefaultValue("") String deadLetterQueue,
        Map<String, String> upgradeLevels,
        @DefaultValue Notifications notifications,
        @DefaultValue Recorder recorder,
        @DefaultValue PublishRetry publishRetry,
        @DefaultValue("false") boolean publisherConfirms,
        @DefaultValue Ssl ssl,
        @DefaultValue TopologyRecovery topologyRecovery) {

    public RpcProperties {
        host = host == null || host.isBlank() ? LocalHost.name() : host;
        hostname = hostname == null || hostname.isBlank() ? LocalHost.name() : hostname;
        upgradeLevels = upgradeLevels == null ? Map.of() : Map.copyOf(upgradeLevels);
        PropertyChecks.notBlank("nova.rpc.control-exchange", controlExchange);
        PropertyChecks.positive("nova.rpc.rpc-response-timeout", rpcResponseTimeout);
        PropertyChecks.notNegative("nova.rpc.heartbeat-timeout-threshold", heartbeatTimeoutThreshold);
        PropertyChecks.atLeast("nova.rpc.executor-thread-pool-size", executorThreadPoolSize, 1);
        PropertyChecks.atLeast("nova.rpc.prefetch-count", prefetchCount, 0);
        PropertyChecks.positive("nova.rpc.rabbit-transient-queues-ttl", rabbitTransientQueuesTtl);
        PropertyChecks.atLeast("nova.rpc.duplicate-cache-size", duplicateCacheSize, 0);
        PropertyChecks.atLeast("nova.rpc.rabbit-quorum-delivery-limit", rabbitQuorumDeliveryLimit, 0);
        PropertyChecks.atLeast("nova.rpc.rabbit-quorum-max-memory-length", rabbitQuorumMaxMemoryLength, 0);
        PropertyChecks.atLeast("nova.rpc.rabbit-quorum-max-memory-bytes", rabbitQuorumMaxMemoryBytes, 0);
        // As oslo's driver refuses to start: a stream is read with a prefetch, and its fanout exchange is durable.
        if (rabbitStreamFanout && !rabbitTransientQuorumQueue) {
            throw PropertyChecks.invalid("nova.rpc.rabbit-stream-fanout", true,
                    "false unless nova.rpc.rabbit-transient-quorum-queue is true");
        }
        if (rabbitStreamFanout && prefetchCount <= 0) {
            throw PropertyChecks.invalid("nova.rpc.rabbit-stream-fanout", true,
                    "false unless nova.rpc.prefetch-count is above 0");
        }
    }

    /** Defaults for code that builds the layer without Spring's binder (tests, benchmarks). */
    public static RpcProperties defaults() {
        return new RpcProperties(null, "nova", null, Duration.ofSeconds(60), Duration.ofSeconds(60), 64, 250, false, false,
                Duration.ofSeconds(1800), false, 0, 0, 0, false, false, null, "", false, 1024, "", Map.of(),
                new Notifications("messagingv2", List.of("notifications")), new Recorder(1000),
                PublishRetry.DEFAULT, false, new Ssl(false, ""), TopologyRecovery.DEFAULT);
    }

    public RpcProperties withControlExchange(String exchange) {
        return new RpcProperties(transportUrl, exchange, host, rpcResponseTimeout, heartbeatTimeoutThreshold,
                executorThreadPoolSize, prefetchCount,
                amqpDurableQueues, amqpAutoDelete, rabbitTransientQueuesTtl, rabbitQuorumQueue, rabbitQuorumDeliveryLimit,
                rabbitQuorumMaxMemoryLength, rabbitQuorumMaxMemoryBytes, rabbitTransientQuorumQueue, useQueueManager,
                hostname, processname, rabbitStreamFanout, duplicateCacheSize,
                deadLetterQueue, upgradeLevels, notifications, recorder, publishRetry, publisherConfirms, ssl,
                topologyRecovery);
    }

    public String deadLetterQueueName() {
        return deadLetterQueue.isBlank() ? controlExchange + ".dead_letter" : deadLetterQueue;
    }

    /**
     * @param driver {@code messagingv2} (enveloped, as Nova sends) or {@code noop}
     * @param topics the notification topics; each message goes to {@code <topic>.<priority>}
     */
    public record Notifications(@DefaultValue("messagingv2") String driver,
                                @DefaultValue("notifications") List<String> topics) {
        public Notifications {
            PropertyChecks.oneOf("nova.rpc.notifications.driver", driver, "messagingv2", "noop");
        }
    }

    /** @param capacity how many recent messages the {@code rpc} actuator endpoint keeps */
    public record Recorder(@DefaultValue("1000") int capacity) {
        public Recorder {
            PropertyChecks.atLeast("nova.rpc.recorder.capacity", capacity, 0);
        }
    }

    /**
     * @param enabled connect to the broker over TLS (the transport URL then names its TLS port, usually 5671)
     * @param caFile  PEM certificates to trust for the broker's; empty means the JVM's default trust store. The
     *                broker's certificate must also name the host the transport URL connects to.
     */
    public record Ssl(@DefaultValue("false") boolean enabled, @DefaultValue("") String caFile) {
    }
}
