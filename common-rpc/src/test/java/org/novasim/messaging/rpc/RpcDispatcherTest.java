package org.novasim.messaging.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import org.novasim.messaging.RequestContext;
import org.novasim.messaging.wire.OsloJson;
import org.novasim.messaging.wire.RpcRequest;

class RpcDispatcherTest {

    @RpcEndpoint(topic = "compute", version = "6.1")
    public static class ComputeManager {
        public record Flavor(String name, int memoryMb) {
        }

        public Map<String, Object> buildAndRunInstance(RequestContext context, String instance, Flavor flavor,
                                                      Optional<String> node, int limit) {
            return Map.of("instance", instance, "memory_mb", flavor.memoryMb(), "node", node.orElse("none"),
                    "limit", limit, "user", context.userId());
        }

        @RpcMethod("ping")
        public String ping() {
            return "pong";
        }
    }

    @RpcEndpoint(topic = "compute", namespace = "baseapi", version = "1.2")
    public static class BaseApi {
        public String ping() {
            return "base pong";
        }
    }

    private final RpcDispatcher dispatcher = new RpcDispatcher(List.of(new ComputeManager(), new BaseApi()));

    private static RpcRequest request(String method, String namespace, String version, Map<String, ?> args) {
        return new RpcRequest(method, OsloJson.mapper().valueToTree(args), namespace, version, null, null, "u",
                RequestContext.of("req-1", "alice", "p", List.of(), false));
    }

    @Test
    void bindsArgumentsByTheirSnakeCaseNames() {
        RpcDispatcher.Outcome outcome = dispatcher.dispatch(request("build_and_run_instance", null, "6.0",
                Map.of("instance", "vm1", "flavor", Map.of("name", "m1.tiny", "memory_mb", 512), "limit", 3)));

        assertThat(outcome.failure()).isNull();
        assertThat(outcome.result().get("memory_mb").asInt()).isEqualTo(512);
        assertThat(outcome.result().get("node").asString()).isEqualTo("none");
        assertThat(outcome.result().get("user").asString()).isEqualTo("alice");
    }

    @Test
    void theNamespaceChoosesTheEndpoint() {
        assertThat(dispatcher.dispatch(request("ping", "baseapi", "1.0", Map.of())).result().asString()).isEqualTo("base pong");
        assertThat(dispatcher.dispatch(request("ping", null, "6.1", Map.of())).result().asString()).isEqualTo("pong");
        assertThat(dispatcher.dispatch(request("ping", "other", "1.0", Map.of())).failure().className())
                .isEqualTo("UnsupportedVersion");
    }

    @Test
    void answersLikeOslosDispatcherWhenNothingFits() {
        assertThat(dispatcher.dispatch(request("reboot", null, "6.0", Map.of())).failure())
                .satisfies(f -> {
                    assertThat(f.className()).isEqualTo("NoSuchMethod");
                    assertThat(f.message()).isEqualTo("Endpoint does not support RPC method reboot");
                });
        assertThat(dispatcher.dispatch(request("ping", null, "6.2", Map.of())).failure().message())
                .isEqualTo("Endpoint does not support RPC version 6.2. Attempted method: ping");
        assertThat(dispatcher.dispatch(request("ping", null, null, Map.of())).failure().message())
                .isEqualTo("Endpoint does not support RPC version None. Attempted method: ping");
        assertThat(dispatcher.dispatch(request("_private", null, "6.0", Map.of())).failure().className())
                .isEqualTo("NoSuchMethod");
    }

    @Test
    void argumentsThatDoNotFitAreATypeError() {
        assertThat(dispatcher.dispatch(request("build_and_run_instance", null, "6.0",
                Map.of("instance", "vm1", "flavor", Map.of(), "limit", "many"))).failure())
                .satisfies(f -> {
                    assertThat(f.className()).isEqualTo("TypeError");
                    assertThat(f.module()).isEqualTo("builtins");
                    assertThat(f.message()).contains("'limit'");
                });
        assertThat(dispatcher.dispatch(request("build_and_run_instance", null, "6.0",
                Map.of("instance", "vm1", "flavor", Map.of()))).failure().message())
                .isEqualTo("build_and_run_instance() missing 1 required positional argument: 'limit'");
        java.util.Map<String, Object> nullLimit = new java.util.HashMap<>(Map.of("instance", "vm1", "flavor", Map.of()));
        nullLimit.put("limit", null);
        assertThat(dispatcher.dispatch(request("build_and_run_instance", null, "6.0", nullLimit)).failure().message())
                .isEqualTo("build_and_run_instance() argument 'limit' must not be None");
    }

    /** Like nova-network's {@code allocate_for_instance(self, context, **kwargs)}. */
    @RpcEndpoint(topic = "network", version = "1.17")
    public static class NetworkManager {
        public Map<String, Object> allocateForInstance(RequestContext context, String instanceId,
                                                       @Kwargs Map<String, Object> kwargs) {
            return Map.of("instance_id", instanceId, "kwargs", kwargs);
        }
    }

    @Test
    void aKwargsParameterTakesTheArgumentsNoOtherNamesWhereWithoutItTheyAreATypeError() {
        RpcDispatcher network = new RpcDispatcher(List.of(new NetworkManager()));
        RpcDispatcher.Outcome outcome = network.dispatch(request("allocate_for_instance", null, "1.13",
                Map.of("instance_id", "i-1", "dhcp_options", List.of("opt"), "macs", Map.of("a", 1))));
        assertThat(outcome.failure()).isNull();
        assertThat(outcome.result().get("instance_id").asString()).isEqualTo("i-1");
        assertThat(outcome.result().get("kwargs").propertyNames()).containsExactlyInAnyOrder("dhcp_options", "macs");
        assertThat(network.dispatch(request("allocate_for_instance", null, "1.13", Map.of("instance_id", "i-2")))
                .result().get("kwargs").isEmpty()).isTrue();

        assertThat(dispatcher.dispatch(request("build_and_run_instance", null, "6.0",
                Map.of("instance", "vm1", "flavor", Map.of(), "limit", 1, "colour", "red"))).failure().message())
                .isEqualTo("build_and_run_instance() got an unexpected keyword argument 'colour'");
    }

    @Test
    void overloadedMethodsAreRefusedAtStartUp() {
        class Overloaded {
            public void reboot(String a) {
            }

            public void reboot(String a, String b) {
            }
        }
        assertThatThrownBy(() -> new RpcDispatcher(List.of(new Overloaded()))).hasMessageContaining("'reboot'");
    }
}
