package org.novasim.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.novasim.api.ApiClient;
import org.novasim.testsupport.TestVirtualHost;
import org.novasim.testsupport.TestVirtualHost.BrokerQueue;

import tools.jackson.databind.JsonNode;

/**
 * The whole stack under the settings that let it run on RabbitMQ 4.3, which refuses queues that are neither durable
 * nor exclusive (README, "RabbitMQ 4"): on Nova's names in a virtual host of its own, it boots a server to ACTIVE,
 * and every queue it declared on the way is durable or exclusive — quorum queues, streams, and the durable
 * dead-letter queue and exclusive flow queue.
 */
class Rabbit4LayoutIT {

    /** oslo 2024.1's settings for RabbitMQ 4, as docker-compose.yml gives them. */
    static final Map<String, String> RABBIT4 = Map.of(
            "nova.rpc.amqp-auto-delete", "false",
            "nova.rpc.rabbit-quorum-queue", "true",
            "nova.rpc.rabbit-transient-quorum-queue", "true",
            "nova.rpc.use-queue-manager", "true",
            "nova.rpc.rabbit-stream-fanout", "true");

    @Test
    void underTheRabbit4SettingsEveryQueueTheStackDeclaresIsDurableOrExclusiveAndAServerBootsToActive()
            throws Exception {
        try (TestVirtualHost vhost = new TestVirtualHost("r4_stack");
             NovaStack stack = new NovaStack(module -> vhost.transportUrl(), false, RABBIT4)) {
            stack.start().awaitServicesUp();
            ApiClient admin = stack.admin();
            ApiClient.Response created = Servers.boot(admin, "on-rabbit4", "1", "auto", 1);
            assertThat(created.status()).as(created.toString()).isEqualTo(202);
            JsonNode server = Servers.await(admin, created.json().at("/server/id").asString(), Duration.ofSeconds(60),
                    Servers::settled);
            assertThat(server.get("status").asString()).as(server.toString()).isEqualTo("ACTIVE");

            List<BrokerQueue> queues = vhost.queues();
            assertThat(queues).as("what RabbitMQ 4.3 refuses: transient and not exclusive")
                    .allSatisfy(q -> assertThat(q.durable() || q.exclusive()).as(q.toString()).isTrue());
            assertThat(queues).filteredOn(q -> List.of("conductor", "compute", "network").contains(q.name()))
                    .extracting(BrokerQueue::type).containsExactly("quorum", "quorum", "quorum");
            assertThat(queues).filteredOn(q -> q.name().endsWith("_fanout")).extracting(BrokerQueue::name,
                    BrokerQueue::type).contains(org.assertj.core.groups.Tuple.tuple("compute_fanout", "stream"));
            assertThat(queues).filteredOn(q -> q.name().startsWith("reply_")).isNotEmpty()
                    .allSatisfy(q -> {
                        assertThat(q.name()).as("the queue manager's name")
                                .matches("reply_" + stack.queueManagerHost + ":nova-[a-z]+:[0-9]+");
                        assertThat(q.type()).isEqualTo("quorum");
                    });
            assertThat(queues).filteredOn(q -> q.name().startsWith("nova_flow.collector."))
                    .singleElement().extracting(BrokerQueue::exclusive).isEqualTo(true);
            assertThat(admin.delete("/v2.1/servers/" + server.get("id").asString()).status()).isEqualTo(204);
        }
    }
}
