package org.novasim.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.novasim.api.ApiClient;
import org.novasim.messaging.wire.MessageIds;
import org.novasim.testsupport.TestBroker;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The broker accounts compose gives the services (compose/rabbitmq/definitions.template.json), loaded into the test
 * broker on a virtual host of the test's own: each service connects as its own user with only the permissions
 * written there, a server still boots end to end on Nova's names (under compose's RabbitMQ 4 settings, so with the
 * queue manager's queue names), and an account cannot touch another service's queues.
 */
class BrokerAccountsIT {

    private static final Path DEFINITIONS = Path.of(System.getProperty("novasim.root", ".."))
            .resolve("compose/rabbitmq/definitions.template.json");
    private static final String SUFFIX = MessageIds.newHex().substring(0, 8);
    private static final String VHOST = "novasim_accounts_" + SUFFIX;

    private static final Map<String, String> passwords = new HashMap<>();
    private static NovaStack stack;

    @BeforeAll
    static void loadTheDefinitions() throws Exception {
        TestBroker broker = TestBroker.get();
        JsonNode definitions = JsonMapper.builder().build().readTree(DEFINITIONS.toFile());
        broker.rabbitmqctl("add_vhost", VHOST);
        for (JsonNode user : definitions.get("users")) {
            String name = user.get("name").asString();
            passwords.put(name, MessageIds.newHex());
            broker.rabbitmqctl("add_user", account(name), passwords.get(name));
        }
        for (JsonNode p : definitions.get("permissions")) {
            assertThat(p.get("vhost").asString()).isEqualTo("nova");
            broker.rabbitmqctl("set_permissions", "-p", VHOST, account(p.get("user").asString()),
                    p.get("configure").asString(), p.get("write").asString(), p.get("read").asString());
        }
        // With compose's RabbitMQ 4 settings: the queue manager's names must be allowed too.
        stack = new NovaStack(BrokerAccountsIT::transportUrl, false, Rabbit4LayoutIT.RABBIT4).start();
    }

    @AfterAll
    static void removeThem() throws Exception {
        try {
            if (stack != null) {
                stack.close();
            }
        } finally {
            TestBroker broker = TestBroker.get();
            broker.rabbitmqctl("delete_vhost", VHOST);
            for (String name : passwords.keySet()) {
                broker.rabbitmqctl("delete_user", account(name));
            }
        }
    }

    private static String account(String user) {
        return user + "-" + SUFFIX;
    }

    private static String transportUrl(String service) {
        TestBroker broker = TestBroker.get();
        return "rabbit://" + account(service) + ":" + passwords.get(service) + "@" + broker.host() + ":"
                + broker.port() + "/" + VHOST;
    }

    @Test
    void eachServiceOnItsOwnLeastPrivilegedAccountStillBootsAServer() throws Exception {
        ApiClient admin = stack.admin();
        ApiClient.Response created = admin.post("/v2.1/servers", Map.of("server", Map.of("name", "least-privilege",
                "imageRef", "a1c0a5b2-5c29-4d36-9a4f-3c6f0e6b7c01", "flavorRef", "1", "networks", "auto")));
        assertThat(created.status()).as(created.toString()).isEqualTo(202);
        String id = created.json().at("/server/id").asString();
        JsonNode server = Servers.await(admin, id, Duration.ofSeconds(60), Servers::settled);
        assertThat(server.get("status").asString()).as(() -> server + ServiceLogs.about(id)).isEqualTo("ACTIVE");
        assertThat(server.at("/addresses/private/0/addr").asString()).startsWith("10.20.0.");
        // Every service may publish its message records to nova_flow, and nova-api may collect them.
        String requestId = created.header("X-Openstack-Request-Id");
        Set<String> services = Set.of();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline && services.size() < 4) {
            services = admin.get("/actuator/flow?requestId=" + requestId).json().get("messages").valueStream()
                    .map(m -> m.get("service").asString()).collect(java.util.stream.Collectors.toSet());
            Thread.sleep(200);
        }
        assertThat(services).containsExactlyInAnyOrder("nova-api", "nova-conductor", "nova-compute", "nova-network");
        assertThat(admin.delete("/v2.1/servers/" + id).status()).isEqualTo(204);
    }

    @Test
    void anAccountCannotReadOrDeclareAnotherServicesQueues() throws Exception {
        assertThatThrownBy(() -> withChannel("nova-api", channel -> channel.basicGet("conductor", false)))
                .hasStackTraceContaining("ACCESS_REFUSED");
        assertThatThrownBy(() -> withChannel("nova-compute", channel -> channel.queueDeclare("network", false, false,
                true, null))).hasStackTraceContaining("ACCESS_REFUSED");
        assertThatThrownBy(() -> withChannel("nova-network", channel -> channel.queueDelete("conductor")))
                .hasStackTraceContaining("ACCESS_REFUSED");
        assertThatThrownBy(() -> withChannel("nova-compute", channel -> channel.queueDeclare("nova_flow.collector.spy",
                false, false, true, null))).as("only nova-api collects the flow").hasStackTraceContaining("ACCESS_REFUSED");
        // The limit of least privilege under oslo's design: replies go through the default exchange, which
        // RabbitMQ's permissions cannot narrow by routing key, so an account that replies can publish to any queue.
    }

    private interface ChannelWork {
        void run(Channel channel) throws Exception;
    }

    private static void withChannel(String service, ChannelWork work) throws Exception {
        TestBroker broker = TestBroker.get();
        try (Connection connection = broker.connectionFactory(account(service), passwords.get(service), VHOST)
                .newConnection()) {
            Channel channel = connection.createChannel();
            work.run(channel);
        }
    }
}
