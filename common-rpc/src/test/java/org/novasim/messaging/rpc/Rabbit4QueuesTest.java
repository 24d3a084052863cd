package org.novasim.messaging.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import org.novasim.messaging.RequestContext;
import org.novasim.messaging.Target;
import org.novasim.messaging.config.RpcProperties;
import org.novasim.testsupport.MessagingNode;
import org.novasim.testsupport.PropertiesBinding;
import org.novasim.testsupport.TestBroker;
import org.novasim.testsupport.TestVirtualHost;
import org.novasim.testsupport.TestVirtualHost.BrokerQueue;

/**
 * oslo 2024.1's options for RabbitMQ 4, each on a virtual host of the test's own, as the broker lists the queues:
 * transient quorum queues, the queue manager's stable names, and one stream per topic for fanout.
 */
class Rabbit4QueuesTest {

    private static final String HEX = "[0-9a-f]{32}";
    /** Topic queues as quorum queues: they cannot be auto-deleted, whatever the other tests' nodes say. */
    private static final List<String> QUORUM = List.of("nova.rpc.amqp-auto-delete=false",
            "nova.rpc.rabbit-quorum-queue=true");

    private final RequestContext ctx = RequestContext.admin();

    @Test
    void transientQuorumQueuesMakeReplyAndFanoutQueuesDurableQuorumQueuesWithTheQuorumLimits() throws Exception {
        try (TestVirtualHost vhost = new TestVirtualHost("r4_quorum");
             Nodes nodes = new Nodes(vhost, "nova.rpc.rabbit-transient-quorum-queue=true",
                     "nova.rpc.rabbit-quorum-delivery-limit=5")) {
            nodes.callAndFanout(ctx);

            List<BrokerQueue> queues = vhost.queues();
            assertThat(queues).filteredOn(q -> q.name().matches("reply_" + HEX)).singleElement().satisfies(q -> {
                assertThat(q.durable()).isTrue();
                assertThat(q.type()).isEqualTo("quorum");
                assertThat(q.arguments()).containsEntry("x-delivery-limit", 5L).containsEntry("x-expires", 60000L);
            });
            assertThat(queues).filteredOn(q -> q.name().matches(nodes.topic + "_fanout_" + HEX)).hasSize(2)
                    .allSatisfy(q -> {
                        assertThat(q.durable()).isTrue();
                        assertThat(q.type()).isEqualTo("quorum");
                        assertThat(q.arguments()).containsEntry("x-delivery-limit", 5L).containsEntry("x-expires", 60000L);
                    });
            assertThat(queues).filteredOn(q -> q.name().startsWith(nodes.topic + "."))
                    .extracting(BrokerQueue::type, q -> q.arguments().get("x-delivery-limit"))
                    .containsOnly(org.assertj.core.groups.Tuple.tuple("quorum", 5L));
            assertThat(queues).allSatisfy(q -> assertThat(q.durable() || q.exclusive()).as(q.toString()).isTrue());
        }
    }

    @Test
    void theQueueManagerNamesReplyAndFanoutQueuesAfterHostAndProcessAndKeepsThemWhenTheServerStops()
            throws Exception {
        String hostname = TestBroker.uniqueName("r4host");
        try (TestVirtualHost vhost = new TestVirtualHost("r4_qmanager");
             Nodes nodes = new Nodes(vhost, "nova.rpc.rabbit-transient-quorum-queue=true",
                     "nova.rpc.use-queue-manager=true", "nova.rpc.hostname=" + hostname,
                     "nova.rpc.processname=nova-test")) {
            nodes.callAndFanout(ctx);
            String prefix = hostname + ":nova-test:";
            List<String> names = vhost.queues().stream().map(BrokerQueue::name).toList();
            // Both nodes count in the same file, in this JVM's process group: four names, four numbers.
            assertThat(names).filteredOn(n -> n.startsWith("reply_" + prefix)).hasSize(1);
            assertThat(names).filteredOn(n -> n.matches(java.util.regex.Pattern.quote(nodes.topic + "_fanout_" + prefix)
                    + "[0-9]+")).hasSize(2);
            List<String> numbers = names.stream().filter(n -> n.contains(prefix))
                    .map(n -> n.substring(n.lastIndexOf(':') + 1)).toList();
            assertThat(numbers).doesNotHaveDuplicates();

            nodes.serverNode.close();
            assertThat(vhost.queues()).extracting(BrokerQueue::name)
                    .as("a queue manager's fanout queues outlive their server, to be found again")
                    .filteredOn(n -> n.contains("_fanout_" + prefix)).hasSize(2);
        } finally {
            java.nio.file.Files.deleteIfExists(java.nio.file.Path.of("/dev/shm", hostname + "_nova-test_qmanager"));
        }
    }

    @Test
    void streamFanoutIsOneStreamPerTopicThatEveryServerReadsAndReadsOnAfterALostConnection() throws Exception {
        try (TestVirtualHost vhost = new TestVirtualHost("r4_stream");
             Nodes nodes = new Nodes(vhost, "nova.rpc.rabbit-transient-quorum-queue=true",
                     "nova.rpc.rabbit-stream-fanout=true")) {
            nodes.callAndFanout(ctx);

            List<BrokerQueue> queues = vhost.queues();
            assertThat(queues).filteredOn(q -> q.name().startsWith(nodes.topic + "_fanout")).singleElement()
                    .satisfies(q -> {
                        assertThat(q.name()).isEqualTo(nodes.topic + "_fanout");
                        assertThat(q.type()).isEqualTo("stream");
                        assertThat(q.arguments()).containsEntry("x-max-age", "60s");
                    });
            assertThat(queues).allSatisfy(q -> assertThat(q.durable() || q.exclusive()).as(q.toString()).isTrue());

            // Casts sent while the servers are away, each in a chunk of its own: a consumer that came back at the
            // stream's last chunk would see only the last of them.
            vhost.closeConnections();
            for (int i = 1; i <= 3; i++) {
                nodes.client.prepare(o -> o.fanout(true)).cast(ctx, "remember", Map.of("value", "while-away-" + i));
            }
            for (Calculator server : List.of(nodes.alpha, nodes.beta)) {
                List<String> seen = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    Calculator.Cast cast = server.casts.poll(20, TimeUnit.SECONDS);
                    assertThat(cast).as("cast %d of 3 on %s, after %s", i + 1, server.whoAmI(), seen).isNotNull();
                    seen.add(cast.value());
                }
                assertThat(seen).containsExactlyInAnyOrder("while-away-1", "while-away-2", "while-away-3");
                assertThat(server.casts.poll(500, TimeUnit.MILLISECONDS)).as("nothing read twice").isNull();
            }
        }
    }

    @Test
    void streamFanoutNeedsTransientQuorumQueuesAndAPrefetchAsOsloRequires() {
        assertThat(PropertiesBinding.refusal(RpcProperties.class, Map.of("NOVA_RPC_RABBITSTREAMFANOUT", "true")))
                .isEqualTo("nova.rpc.rabbit-stream-fanout is 'true': it must be false unless "
                        + "nova.rpc.rabbit-transient-quorum-queue is true");
        assertThat(PropertiesBinding.refusal(RpcProperties.class, Map.of("NOVA_RPC_RABBITSTREAMFANOUT", "true",
                "NOVA_RPC_RABBITTRANSIENTQUORUMQUEUE", "true", "NOVA_RPC_PREFETCHCOUNT", "0")))
                .isEqualTo("nova.rpc.rabbit-stream-fanout is 'true': it must be false unless "
                        + "nova.rpc.prefetch-count is above 0");
    }

    /** Servers alpha and beta of one topic in one process, and a client in another, with the options given. */
    private static final class Nodes implements AutoCloseable {
        final String topic = TestBroker.uniqueName("r4");
        final Calculator alpha = new Calculator("alpha");
        final Calculator beta = new Calculator("beta");
        final ConfigurableApplicationContext serverNode;
        final ConfigurableApplicationContext clientNode;
        final RpcClient client;

        Nodes(TestVirtualHost vhost, String... options) {
            List<String> properties = new ArrayList<>(QUORUM);
            properties.addAll(vhost.springProperties());
            properties.addAll(List.of(options));
            String exchange = TestBroker.uniqueName("r4");
            serverNode = MessagingNode.start(exchange, "server-node", List.of(), properties.toArray(String[]::new));
            clientNode = MessagingNode.start(exchange, "client-node", List.of(), properties.toArray(String[]::new));
            RpcServerFactory servers = serverNode.getBean(RpcServerFactory.class);
            servers.start(Target.topic(topic).withServer("alpha"), List.of(alpha));
            servers.start(Target.topic(topic).withServer("beta"), List.of(beta));
            client = clientNode.getBean(RpcClientFactory.class).client(Target.topic(topic), Duration.ofSeconds(20));
        }

        /** A call (a reply queue) and a fanout cast both servers handle. */
        void callAndFanout(RequestContext ctx) throws InterruptedException {
            assertThat(client.call(ctx, "who_am_i", Map.of(), String.class)).isIn("alpha", "beta");
            client.prepare(o -> o.fanout(true)).cast(ctx, "remember", Map.of("value", "to-all"));
            for (Calculator server : List.of(alpha, beta)) {
                Calculator.Cast cast = server.casts.poll(20, TimeUnit.SECONDS);
                assertThat(cast).as(server.whoAmI()).isNotNull();
                assertThat(cast.value()).isEqualTo("to-all");
            }
        }

        @Override
        public void close() {
            clientNode.close();
            serverNode.close();
        }
    }
}
