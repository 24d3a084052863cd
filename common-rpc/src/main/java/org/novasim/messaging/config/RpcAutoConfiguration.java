package org.novasim.messaging.config;

import java.time.Duration;

import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.connection.ConnectionNameStrategy;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.amqp.autoconfigure.CachingConnectionFactoryConfigurer;
import org.springframework.boot.amqp.autoconfigure.ConnectionFactoryCustomizer;
import org.springframework.boot.amqp.autoconfigure.RabbitConnectionFactoryBeanConfigurer;
import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import io.micrometer.core.instrument.MeterRegistry;

import org.novasim.messaging.flow.FlowActuatorEndpoint;
import org.novasim.messaging.flow.FlowCollector;
import org.novasim.messaging.flow.FlowProperties;
import org.novasim.messaging.flow.FlowPublisher;
import org.novasim.messaging.flow.MessageFlowRecorder;
import org.novasim.messaging.flow.MethodLabels;
import org.novasim.messaging.flow.RpcActuatorEndpoint;
import org.novasim.messaging.flow.RpcMetrics;
import org.novasim.messaging.notify.Notifier;
import org.novasim.messaging.rpc.RpcClientFactory;
import org.novasim.messaging.rpc.RpcEndpointServers;
import org.novasim.messaging.rpc.RpcServerFactory;
import org.novasim.messaging.trace.MicrometerRpcTracing;
import org.novasim.messaging.trace.RpcTracing;
import org.novasim.messaging.trace.RpcTracingProperties;
import org.novasim.messaging.transport.AmqpTransport;
import org.novasim.messaging.transport.ExchangeSpec;
import org.novasim.messaging.transport.OsloTopology;

/**
 * The messaging layer for a Spring Boot service: add the dependency, set {@code nova.rpc.*}, annotate endpoint
 * beans with {@code @RpcEndpoint} and inject {@link RpcClientFactory} and {@link Notifier}.
 */
@AutoConfiguration(after = RabbitAutoConfiguration.class, afterName = {
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration",
        "org.springframework.boot.micrometer.tracing.brave.autoconfigure.BraveAutoConfiguration",
        "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration",
        "org.springframework.boot.micrometer.tracing.autoconfigure.NoopTracerAutoConfiguration"})
@EnableConfigurationProperties({RpcProperties.class, FlowProperties.class})
public class RpcAutoConfiguration {

    /**
     * How long connecting to one broker address may take before the next address of the transport URL is tried:
     * kombu's {@code connect_timeout} under oslo, 5 s. The amqp-client's own 60 s held a service on a killed node's
     * address (one that drops the connection attempt, as in a container network) for a minute before failing over.
     */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    /**
     * oslo's {@code heartbeat_timeout_threshold} and {@code ssl}, and kombu's connect timeout unless
     * {@code spring.rabbitmq.connection-timeout} says otherwise, applied to every connection to the broker.
     */
    @Bean
    ConnectionFactoryCustomizer rpcConnectionSettings(RpcProperties properties, Environment environment) {
        boolean connectTimeoutGiven = environment.containsProperty("spring.rabbitmq.connection-timeout");
        return factory -> {
            factory.setRequestedHeartbeat((int) properties.heartbeatTimeoutThreshold().toSeconds());
            if (!connectTimeoutGiven) {
                factory.setConnectionTimeout((int) CONNECT_TIMEOUT.toMillis());
            }
            if (properties.ssl().enabled()) {
                factory.useSslProtocol(BrokerTls.context(properties.ssl().caFile()));
                factory.enableHostnameVerification();
            }
        };
    }

    /** {@code nova.rpc.publisher-confirms} needs the connection factory's simple confirms. */
    @Bean
    static BeanPostProcessor rpcPublisherConfirms(Environment environment) {
        boolean confirms = Binder.get(environment).bind("nova.rpc.publisher-confirms", Boolean.class).orElse(false);
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String beanName) {
                if (confirms && bean instanceof CachingConnectionFactory factory) {
                    factory.setPublisherConfirmType(CachingConnectionFactory.ConfirmType.SIMPLE);
                }
                return bean;
            }
        };
    }

    /** {@code <service>:<host>:<pid>} on the broker's connection list, as oslo names connections after the process. */
    @Bean
    ConnectionNameStrategy rpcConnectionName(RpcProperties properties, Environment environment) {
        String name = environment.getProperty("spring.application.name", "novasim") + ":" + properties.host() + ":"
                + ProcessHandle.current().pid();
        return connectionFactory -> name;
    }

    @Bean
    OsloTopology osloTopology(RpcProperties properties, Environment environment) {
        return new OsloTopology(properties, environment.getProperty("spring.application.name", "novasim"));
    }

    @Bean
    AmqpTransport amqpTransport(ConnectionFactory connectionFactory, RpcProperties properties) {
        return new AmqpTransport(connectionFactory, properties.publishRetry(),
                properties.publisherConfirms() ? properties.rpcResponseTimeout() : null, properties.topologyRecovery());
    }

    @Bean
    MessageFlowRecorder messageFlowRecorder(RpcProperties properties, ObjectProvider<MeterRegistry> registry,
                                            ObjectProvider<MethodLabels> labels) {
        MessageFlowRecorder recorder = new MessageFlowRecorder(properties.recorder().capacity(),
                labels.getIfAvailable(() -> MethodLabels.METHOD));
        registry.ifAvailable(r -> recorder.addListener(new RpcMetrics(r)));
        return recorder;
    }

    @Bean
    RpcClientFactory rpcClientFactory(AmqpTransport transport, OsloTopology topology, MessageFlowRecorder recorder,
                                      RpcProperties properties, ObjectProvider<RpcTracing> tracing) {
        return new RpcClientFactory(transport, topology, recorder, properties, tracing.getIfAvailable(() -> RpcTracing.NONE));
    }

    @Bean
    RpcServerFactory rpcServerFactory(AmqpTransport transport, OsloTopology topology, MessageFlowRecorder recorder,
                                      RpcProperties properties, ObjectProvider<RpcTracing> tracing) {
        return new RpcServerFactory(transport, topology, recorder, properties, tracing.getIfAvailable(() -> RpcTracing.NONE));
    }

    @Bean
    RpcEndpointServers rpcEndpointServers(ApplicationContext context, RpcServerFactory factory, RpcProperties properties) {
        return new RpcEndpointServers(context, factory, properties);
    }

    /** Publisher id {@code <application name>:<host>}, the form of Nova's versioned notifications. */
    @Bean
    Notifier notifier(AmqpTransport transport, OsloTopology topology, MessageFlowRecorder recorder,
                      RpcProperties properties, Environment environment) {
        String service = environment.getProperty("spring.application.name", "novasim");
        return new Notifier(transport, topology, recorder, properties.notifications().driver(),
                properties.notifications().topics(), service + ":" + properties.host());
    }

    /** More transports on connections of their own, for a process that plays many (nova-compute's simulated hosts). */
    @Bean
    RpcTransports rpcTransports(ObjectProvider<RabbitConnectionFactoryBeanConfigurer> connectionSettings,
                                ObjectProvider<CachingConnectionFactoryConfigurer> cacheSettings,
                                ObjectProvider<ConnectionFactoryCustomizer> customizers, ConnectionFactory connectionFactory,
                                RpcProperties properties, OsloTopology topology, MessageFlowRecorder recorder,
                                Environment environment, ObjectProvider<RpcTracing> tracing) {
        return new RpcTransports(connectionSettings, cacheSettings, customizers.orderedStream().toList(),
                connectionFactory, properties, topology, recorder,
                environment.getProperty("spring.application.name", "novasim"),
                tracing.getIfAvailable(() -> RpcTracing.NONE));
    }

    /**
     * Spans for every call, cast, reply and handled request when Micrometer Tracing has a tracer (Brave or
     * OpenTelemetry on the class path) and tracing is on ({@code management.tracing.export.enabled}); without, the
     * messaging layer makes none and adds no header.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.tracing.Tracer")
    @ConditionalOnBooleanProperty(name = "management.tracing.export.enabled", matchIfMissing = true)
    @EnableConfigurationProperties(RpcTracingProperties.class)
    static class RpcTracingConfiguration {

        @Bean
        @ConditionalOnBean(type = {"io.micrometer.tracing.Tracer", "io.micrometer.tracing.propagation.Propagator"})
        RpcTracing rpcTracing(io.micrometer.tracing.Tracer tracer,
                              io.micrometer.tracing.propagation.Propagator propagator,
                              RpcTracingProperties properties) {
            if (tracer == io.micrometer.tracing.Tracer.NOOP) {
                return RpcTracing.NONE;
            }
            return new MicrometerRpcTracing(tracer, propagator, properties.newTraces());
        }
    }

    /**
     * The flow exchange: fanout, transient and auto-deleted, a live feed that goes with its last collector's queue,
     * so no broker keeps one nobody reads (publishers send only while it exists).
     */
    static ExchangeSpec flowExchange(RpcProperties rpc, FlowProperties flow) {
        return new ExchangeSpec(flow.exchangeName(rpc.controlExchange()), "fanout", false, true);
    }

    /** Every process sends its records to the flow exchange ({@code nova.rpc.flow.publish=false} keeps them home). */
    @Bean(destroyMethod = "close")
    @ConditionalOnBooleanProperty(name = "nova.rpc.flow.publish", matchIfMissing = true)
    FlowPublisher flowPublisher(AmqpTransport transport, MessageFlowRecorder recorder, RpcProperties rpc,
                                FlowProperties flow, Environment environment) {
        FlowPublisher publisher = new FlowPublisher(transport, flowExchange(rpc, flow), flow,
                environment.getProperty("spring.application.name", "novasim"), rpc.host());
        recorder.addListener(publisher);
        return publisher.start();
    }

    /** The merged flow of every process ({@code nova.rpc.flow.collect=true}, as nova-api sets it). */
    @Bean(destroyMethod = "close")
    @ConditionalOnBooleanProperty(name = "nova.rpc.flow.collect")
    FlowCollector flowCollector(AmqpTransport transport, RpcProperties rpc, FlowProperties flow) {
        return new FlowCollector(transport, flowExchange(rpc, flow), flow, rpc.host()).start();
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
    static class RpcEndpointConfiguration {

        @Bean
        @ConditionalOnAvailableEndpoint
        RpcActuatorEndpoint rpcActuatorEndpoint(MessageFlowRecorder recorder, AmqpTransport transport,
                                                RpcProperties properties) {
            return new RpcActuatorEndpoint(recorder, transport.topology(), properties.host(), properties.controlExchange());
        }

        @Bean
        @ConditionalOnAvailableEndpoint
        @ConditionalOnBooleanProperty(name = "nova.rpc.flow.collect")
        FlowActuatorEndpoint flowActuatorEndpoint(FlowCollector collector) {
            return new FlowActuatorEndpoint(collector);
        }
    }
}
