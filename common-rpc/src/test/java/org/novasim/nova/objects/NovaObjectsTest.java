package org.novasim.nova.objects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.novasim.messaging.objects.ObjectBindingError;
import org.novasim.messaging.wire.OsloJson;
import org.novasim.nova.network.Ip;
import org.novasim.nova.network.Network;
import org.novasim.nova.network.Subnet;
import org.novasim.nova.network.Vif;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** NovaSim's objects read what Nova Zed's ComputeAPI sends (captured) and write what Nova's classes read. */
class NovaObjectsTest {

    private static final Flavor TINY = new Flavor("1", "m1.tiny", 1, 512, 1, 0, 0, 1.0, true, false);

    private static JsonNode captured(String method) throws Exception {
        try (InputStream in = NovaObjectsTest.class.getResourceAsStream("/wire/nova-zed-compute-rpc-capture.json")) {
            for (JsonNode m : OsloJson.mapper().readTree(in).get("messages")) {
                if (m.get("message").get("method").asString().equals(method)) {
                    return m.get("message").get("args");
                }
            }
        }
        throw new AssertionError("no " + method + " in the capture");
    }

    @Test
    void theArgumentsOfNovasOwnBuildCastBindToNovaSimsObjects() throws Exception {
        JsonNode args = captured("build_and_run_instance");
        Instance instance = OsloJson.mapper().treeToValue(args.get("instance"), Instance.class);
        assertThat(instance.uuid()).isEqualTo("11111111-2222-3333-4444-555555555555");
        assertThat(instance.flavor()).isEqualTo(TINY);
        assertThat(instance.vmState()).isEqualTo("building");
        assertThat(instance.taskState()).isEqualTo("scheduling");
        assertThat(instance.powerState()).isZero();
        assertThat(OsloJson.mapper().treeToValue(args.get("request_spec"), RequestSpec.class))
                .isEqualTo(new RequestSpec(instance.uuid(), "p1", "u1", TINY, 1));
        assertThat(OsloJson.mapper().treeToValue(args.get("host_list").get(0), Selection.class))
                .isEqualTo(new Selection("host2", "host2"));
        assertThat(OsloJson.mapper().treeToValue(args.get("requested_networks"), NetworkRequestList.class))
                .isEqualTo(NetworkRequestList.auto());
        assertThat(OsloJson.mapper().treeToValue(args.get("block_device_mapping"), BlockDeviceMappingList.class)
                .objects()).isEmpty();
    }

    @Test
    void anInstanceTravelsAsNovasPrimitiveWithItsFlavorAndNetworkInfoNestedAsNovaNestsThem() {
        Vif vif = new Vif("vif-1", "fa:16:3e:00:00:01", "bridge", Map.of(), null, null, null, null, false, "normal",
                null, false, Map.of(), new Network("net-1", "br100", "private", List.of(new Subnet("10.0.0.0/24", 4,
                Ip.gateway("10.0.0.1"), List.of(), List.of(), List.of(Ip.fixed("10.0.0.3")), Map.of())), Map.of()));
        Instance instance = new Instance("uuid-1", "vm", "p1", "u1", TINY, "img", "host1", "host1", "active", null, 1,
                List.of(vif));

        ObjectNode primitive = OsloJson.mapper().valueToTree(instance);

        assertThat(primitive.get("nova_object.name").asString()).isEqualTo("Instance");
        assertThat(primitive.get("nova_object.namespace").asString()).isEqualTo("nova");
        assertThat(primitive.get("nova_object.version").asString()).isEqualTo("2.7");
        JsonNode data = primitive.get("nova_object.data");
        assertThat(data.get("flavor").get("nova_object.name").asString()).isEqualTo("Flavor");
        assertThat(data.get("flavor").get("nova_object.data").get("memory_mb").asInt()).isEqualTo(512);
        assertThat(data.has("task_state")).as("an unset field is left out").isFalse();
        JsonNode infoCache = data.get("info_cache");
        assertThat(infoCache.get("nova_object.name").asString()).isEqualTo("InstanceInfoCache");
        assertThat(infoCache.get("nova_object.data").get("network_info").isString())
                .as("NetworkModelField travels as JSON text").isTrue();
        assertThat(primitive.get("nova_object.changes")).extracting(JsonNode::asString)
                .contains("uuid", "flavor", "host", "info_cache").doesNotContain("task_state");
        Instance read = OsloJson.mapper().treeToValue(primitive, Instance.class);
        assertThat(read).usingRecursiveComparison().ignoringFields("loaded").isEqualTo(instance);
        // What a compute got, it sends back whole (Zed's fields this record does not name travel on).
        ObjectNode withMore = primitive.deepCopy();
        ((ObjectNode) withMore.get("nova_object.data")).put("id", 7).put("reservation_id", "r-1");
        assertThat(Instance.fromPrimitive(withMore).toPrimitive().get("nova_object.data"))
                .isEqualTo(withMore.get("nova_object.data"));
    }

    @Test
    void objectsThatCannotBeBoundAreRefusedNamingObjectFieldAndVersion() throws Exception {
        ObjectNode good = (ObjectNode) captured("stop_instance").get("instance");

        ObjectNode newer = good.deepCopy().put("nova_object.version", "2.9");
        assertThatThrownBy(() -> Instance.fromPrimitive(newer)).isInstanceOf(ObjectBindingError.class)
                .hasMessage("Version 2.9 of Instance is not supported, supported version is 2.7")
                .extracting(e -> ((ObjectBindingError) e).pythonClass()).isEqualTo("IncompatibleObjectVersion");

        ObjectNode unknown = good.deepCopy().put("nova_object.name", "Gadget");
        assertThatThrownBy(() -> Instance.fromPrimitive(unknown)).hasMessage("Unsupported object type Gadget");

        ObjectNode noUuid = good.deepCopy();
        ((ObjectNode) noUuid.get("nova_object.data")).remove("uuid");
        assertThatThrownBy(() -> Instance.fromPrimitive(noUuid)).hasMessageContaining("without field uuid");

        ObjectNode badType = good.deepCopy();
        ((ObjectNode) badType.get("nova_object.data")).putObject("display_name");
        assertThatThrownBy(() -> Instance.fromPrimitive(badType))
                .hasMessage("A string is required in field display_name of Instance, not a dict");

        ObjectNode badFlavor = good.deepCopy();
        ((ObjectNode) badFlavor.get("nova_object.data").get("flavor").get("nova_object.data")).put("vcpus", "many");
        assertThatThrownBy(() -> Instance.fromPrimitive(badFlavor))
                .hasMessageContaining("Field vcpus of Flavor: invalid literal for int() with base 10: 'many'");

        assertThatThrownBy(() -> Instance.fromPrimitive(OsloJson.mapper().valueToTree(Map.of("uuid", "u"))))
                .hasMessage("An object of type Instance is required in field instance, not a dict");
    }
}
