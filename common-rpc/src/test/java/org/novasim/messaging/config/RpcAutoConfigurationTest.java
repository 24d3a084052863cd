package org.novasim.messaging.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import org.novasim.messaging.RequestContext;
import org.novasim.messaging.Target;
import org.novasim.messaging.rpc.RpcClientFactory;
import org.novasim.messaging.rpc.RpcEndpoint;
import org.novasim.messaging.rpc.RpcServerFactory;
import org.novasim.testsupport.MessagingNode;
import org.novasim.testsupport.TestBroker;

/** A service gets the layer by adding the dependency, setting nova.rpc.* and annotating its endpoints. */
class RpcAutoConfigurationTest {

    static final String TOPIC = "novasim_test_scanned";

    @RpcEndpoint(topic = TOPIC, namespace = "compute_task", version = "1.17")
    public static class ConductorLike {
        public String scheduleAndBuildInstances(List<String> names) {
            return "scheduled " + String.join(",", names);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Endpoints {
        @Bean
        ConductorLike conductorLike() {
            return new ConductorLike();
        }
    }

    @Test
    void annotatedEndpointsAreServedOnTheirTopicAtTheConfiguredHost() {
        String exchange = TestBroker.uniqueName("test_scan");
        try (ConfigurableApplicationContext node = MessagingNode.start(exchange, "conductor-1", List.of(Endpoints.class))) {
            assertThat(node.getBean(RpcServerFactory.class).servers()).extracting(s -> s.target().routingKey())
                    .containsExactly(TOPIC + ".conductor-1");

            var client = node.getBean(RpcClientFactory.class)
                    .client(Target.topic(TOPIC).withNamespace("compute_task").withVersion("1.17"), Duration.ofSeconds(10));
            assertThat(client.call(RequestContext.admin(), "schedule_and_build_instances",
                    Map.of("names", List.of("vm1", "vm2")), String.class)).isEqualTo("scheduled vm1,vm2");
            assertThat(client.prepare(o -> o.server("conductor-1")).call(RequestContext.admin(),
                    "schedule_and_build_instances", Map.of("names", List.of("vm3")), String.class)).isEqualTo("scheduled vm3");
        }
    }

    @Test
    void theTransportUrlWinsOverSpringRabbitmqSettings() {
        String exchange = TestBroker.uniqueName("test_url");
        // spring.rabbitmq.port points nowhere: only nova.rpc.transport-url can connect.
        try (ConfigurableApplicationContext node = MessagingNode.start(exchange, "url-node", List.of(),
                "spring.rabbitmq.port=1", "nova.rpc.transport-url=" + TestBroker.get().transportUrl())) {
            node.getBean(RpcServerFactory.class).start(Target.topic(TestBroker.uniqueName("url")).withServer("url-node"),
                    List.of(new ConductorLike()));
            assertThat(node.getBean(RpcServerFactory.class).servers()).hasSize(1);
        }
    }

    @Test
    void theConnectionHasOslosHeartbeatAndIsNamedAfterTheService() {
        try (ConfigurableApplicationContext node = MessagingNode.start(TestBroker.uniqueName("test_conn"), "conn-node",
                List.of(), "nova.rpc.heartbeat-timeout-threshold=15s")) {
            var factory = (org.springframework.amqp.rabbit.connection.CachingConnectionFactory)
                    node.getBean(org.springframework.amqp.rabbit.connection.ConnectionFactory.class);
            assertThat(factory.getRabbitConnectionFactory().getRequestedHeartbeat()).isEqualTo(15);
            var connection = factory.createConnection();
            assertThat(connection.getDelegate().getHeartbeat()).isEqualTo(15);
            assertThat(connection.getDelegate().getClientProvidedName())
                    .isEqualTo("conn-node:conn-node:" + ProcessHandle.current().pid());
        }
    }

    @Test
    void defaultsAreOslosAndNovas() {
        RpcProperties defaults = RpcProperties.defaults();
        assertThat(defaults.controlExchange()).isEqualTo("nova");
        assertThat(defaults.rpcResponseTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(defaults.heartbeatTimeoutThreshold()).isEqualTo(Duration.ofSeconds(60));
        assertThat(defaults.rabbitTransientQueuesTtl()).isEqualTo(Duration.ofSeconds(1800));
        assertThat(defaults.amqpDurableQueues()).isFalse();
        assertThat(defaults.deadLetterQueueName()).isEqualTo("nova.dead_letter");
        assertThat(defaults.notifications().topics()).containsExactly("notifications");
        assertThat(defaults.host()).isNotBlank();
    }

    @Test
    void aBrokerAddressThatDoesNotAnswerIsGivenUpForTheNextInSeconds() throws Exception {
        // A listener whose accept queue is full drops new connection attempts unanswered, as a killed node's
        // address does in a container network: amqp-client alone would wait 60 s on it.
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
             java.net.Socket first = new java.net.Socket();
             java.net.Socket second = new java.net.Socket()) {
            first.connect(silent.getLocalSocketAddress());
            second.connect(silent.getLocalSocketAddress());
            var broker = org.novasim.messaging.transport.TransportUrl.parse(TestBroker.get().transportUrl());
            var live = broker.hosts().getFirst();
            String url = "rabbit://" + broker.username() + ":" + broker.password() + "@127.0.0.1:" + silent.getLocalPort()
                    + "," + broker.username() + ":" + broker.password() + "@" + live.host() + ":" + live.port() + "/"
                    + (broker.virtualHost().equals("/") ? "" : broker.virtualHost());
            try (ConfigurableApplicationContext node = MessagingNode.start(TestBroker.uniqueName("test_failover"),
                    "failover-node", List.of(), "nova.rpc.transport-url=" + url)) {
                var factory = (org.springframework.amqp.rabbit.connection.CachingConnectionFactory)
                        node.getBean(org.springframework.amqp.rabbit.connection.ConnectionFactory.class);
                assertThat(factory.getRabbitConnectionFactory().getConnectionTimeout())
                        .isEqualTo((int) RpcAutoConfiguration.CONNECT_TIMEOUT.toMillis());
                long start = System.nanoTime();
                var connection = factory.createConnection();
                assertThat(connection.getDelegate().getPort()).isEqualTo(live.port());
                // Failed over after the connect timeout, well before amqp-client's own 60 s.
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(45));
            }
        }
    }

    @Test
    void aConnectionTimeoutGivenToSpringBootIsKept() {
        try (ConfigurableApplicationContext node = MessagingNode.start(TestBroker.uniqueName("test_timeout"),
                "timeout-node", List.of(), "spring.rabbitmq.connection-timeout=12s")) {
            var factory = (org.springframework.amqp.rabbit.connection.CachingConnectionFactory)
                    node.getBean(org.springframework.amqp.rabbit.connection.ConnectionFactory.class);
            assertThat(factory.getRabbitConnectionFactory().getConnectionTimeout()).isEqualTo(12_000);
        }
    }
}
