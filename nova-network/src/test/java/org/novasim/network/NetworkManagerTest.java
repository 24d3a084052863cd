package org.novasim.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import org.novasim.messaging.RemoteError;
import org.novasim.messaging.RequestContext;
import org.novasim.nova.network.NetworkRpcApi;
import org.novasim.nova.network.Vif;
import org.novasim.testsupport.TestBroker;

/** nova-network over the real broker: addresses from the pool, the same answer twice, a full pool, durability. */
class NetworkManagerTest {

    private final String exchange = TestBroker.uniqueName("test_network");
    private final String topic = TestBroker.uniqueName("network");
    private final RequestContext ctx = RequestContext.of(RequestContext.newRequestId(), "u1", "project-1", List.of(), false);

    @TempDir
    Path state;

    private ConfigurableApplicationContext start() {
        List<String> props = new ArrayList<>(TestBroker.get().springProperties());
        props.addAll(List.of("nova.rpc.control-exchange=" + exchange, "nova.rpc.host=net-1",
                "nova.rpc.amqp-auto-delete=true", "nova.rpc.rabbit-transient-queues-ttl=60s",
                "nova.rpc.transport-url=" + TestBroker.get().transportUrl(), "nova.topics.network=" + topic,
                "spring.datasource.url=jdbc:h2:file:" + state.resolve("nova-network") + ";DB_CLOSE_ON_EXIT=FALSE",
                "nova.network.networks[0].label=test-net", "nova.network.networks[0].cidr=192.168.50.0/29"));
        // As command-line arguments, so they win over application.yml (lists are replaced whole, not merged).
        return new SpringApplicationBuilder(NovaNetworkApplication.class).web(WebApplicationType.NONE)
                .run(props.stream().map(p -> "--" + p).toArray(String[]::new));
    }

    @Test
    void allocatesNovasNetworkInfoFromThePool() {
        try (ConfigurableApplicationContext network = start()) {
            Vif vif = network.getBean(NetworkRpcApi.class)
                    .allocateForInstance(ctx, "instance-a", "project-1", "compute-1", 1.0, false).getFirst();

            assertThat(vif.address()).matches("fa:16:3e(:[0-9a-f]{2}){3}");
            assertThat(vif.id()).matches("[0-9a-f-]{36}");
            assertThat(vif.type()).isEqualTo("bridge");
            assertThat(vif.network().label()).isEqualTo("test-net");
            assertThat(vif.network().bridge()).isEqualTo("br100");
            assertThat(vif.network().meta()).containsEntry("tenant_id", "project-1");
            assertThat(vif.network().subnets()).hasSize(2);
            assertThat(vif.network().subnets().getFirst().cidr()).isEqualTo("192.168.50.0/29");
            assertThat(vif.network().subnets().getFirst().gateway().address()).isEqualTo("192.168.50.1");
            assertThat(vif.network().subnets().get(1).cidr()).as("Nova's empty IPv6 subnet").isNull();
            assertThat(vif.fixedIps()).singleElement().satisfies(ip -> {
                assertThat(ip.address()).isEqualTo("192.168.50.2");
                assertThat(ip.version()).isEqualTo(4);
            });
        }
    }

    @Test
    void theSameInstanceGetsTheSameAnswerAndAFullPoolIsAClearRemoteError() {
        try (ConfigurableApplicationContext network = start()) {
            NetworkRpcApi api = network.getBean(NetworkRpcApi.class);
            Vif first = api.allocateForInstance(ctx, "i-1", "project-1", "compute-1", 1.0, false).getFirst();
            assertThat(api.allocateForInstance(ctx, "i-1", "project-1", "compute-1", 1.0, false)).containsExactly(first);

            List<String> addresses = new ArrayList<>(List.of(first.fixedIps().getFirst().address()));
            for (int i = 2; i <= 5; i++) {
                addresses.add(api.allocateForInstance(ctx, "i-" + i, "project-1", "compute-1", 1.0, false)
                        .getFirst().fixedIps().getFirst().address());
            }
            assertThat(addresses).doesNotHaveDuplicates().hasSize(5);

            assertThatThrownBy(() -> api.allocateForInstance(ctx, "i-6", "project-1", "compute-1", 1.0, false))
                    .isInstanceOfSatisfying(RemoteError.class, e -> {
                        assertThat(e.excType()).isEqualTo("NoMoreFixedIps");
                        assertThat(e.module()).isEqualTo("nova.exception");
                        assertThat(e.value()).isEqualTo("No fixed IP addresses available for network: test-net");
                    });

            api.deallocateForInstance(ctx, "i-3", "project-1", "compute-1");
            assertThat(api.allocateForInstance(ctx, "i-6", "project-1", "compute-1", 1.0, false).getFirst()
                    .fixedIps().getFirst().address()).isEqualTo(addresses.get(2));
        }
    }

    @Test
    void allocationsSurviveARestart() {
        Vif before;
        try (ConfigurableApplicationContext network = start()) {
            before = network.getBean(NetworkRpcApi.class).allocateForInstance(ctx, "keeper", "project-1", "c1", 1.0, false).getFirst();
        }
        try (ConfigurableApplicationContext network = start()) {
            NetworkRpcApi api = network.getBean(NetworkRpcApi.class);
            assertThat(api.allocateForInstance(ctx, "keeper", "project-1", "c1", 1.0, false)).containsExactly(before);
            assertThat(api.allocateForInstance(ctx, "newcomer", "project-1", "c1", 1.0, false).getFirst().fixedIps()
                    .getFirst().address()).isNotEqualTo(before.fixedIps().getFirst().address());
        }
    }

    @Test
    void concurrentAllocationsEachGetADistinctAddressUntilThePoolIsFull() throws Exception {
        try (ConfigurableApplicationContext network = start()) {
            NetworkRpcApi api = network.getBean(NetworkRpcApi.class);
            // A /29 holds five instance addresses; twelve builds ask at once.
            List<java.util.concurrent.Future<String>> asks = new ArrayList<>();
            try (var clients = java.util.concurrent.Executors.newFixedThreadPool(12)) {
                for (int i = 0; i < 12; i++) {
                    String instance = "concurrent-" + i;
                    asks.add(clients.submit(() -> {
                        try {
                            return api.allocateForInstance(ctx, instance, "project-1", "compute-1", 1.0, false)
                                    .getFirst().fixedIps().getFirst().address();
                        } catch (RemoteError e) {
                            return e.excType();
                        }
                    }));
                }
            }
            List<String> answers = new ArrayList<>();
            for (var ask : asks) {
                answers.add(ask.get());
            }
            assertThat(answers.stream().filter(a -> a.startsWith("192.168.50."))).hasSize(5).doesNotHaveDuplicates();
            assertThat(answers.stream().filter(a -> !a.startsWith("192.168.50."))).hasSize(7)
                    .allMatch("NoMoreFixedIps"::equals);
        }
    }
}
