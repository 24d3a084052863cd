package org.novasim.nova.objects;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonCreator;

import org.jspecify.annotations.Nullable;

import org.novasim.messaging.objects.ObjectBindingError;
import org.novasim.messaging.objects.ObjectData;
import org.novasim.messaging.objects.ObjectFields;
import org.novasim.messaging.wire.OsloJson;
import org.novasim.nova.network.Vif;

import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An instance as Nova's {@code Instance} object 2.7 carries it to a compute host: who owns it, its flavor (nested
 * as Nova nests it), image, where it runs and its states, and its network info in its {@code info_cache}. Its
 * states live in the conductor's database; what travels is what the sender knew. Fields not known are null and are
 * left out of the primitive, as Nova leaves out fields that are not set.
 *
 * @param networkInfo the instance's VIFs ({@code info_cache.network_info}), null when not sent
 * @param loaded      every field of the primitive as its sender loaded it (the conductor sends Zed's whole
 *                    instance: id, metadata, times...), travelling on beside the ones named here; null for an instance
 *                    made from the named fields alone
 */
public record Instance(String uuid, String displayName, String projectId, String userId, Flavor flavor,
                       String imageRef, String host, String node, String vmState, String taskState,
                       Integer powerState, List<Vif> networkInfo, @Nullable ObjectNode loaded) implements NovaObject {

    private static final TypeReference<List<Vif>> NETWORK_INFO = new TypeReference<>() { };

    /** An instance as the API knows it before any host has it. */
    public Instance(String uuid, String displayName, String projectId, String userId, Flavor flavor, String imageRef) {
        this(uuid, displayName, projectId, userId, flavor, imageRef, null, null, null, null, null, null);
    }

    /** An instance of the named fields alone. */
    public Instance(String uuid, String displayName, String projectId, String userId, Flavor flavor, String imageRef,
                    String host, String node, String vmState, String taskState, Integer powerState,
                    List<Vif> networkInfo) {
        this(uuid, displayName, projectId, userId, flavor, imageRef, host, node, vmState, taskState, powerState,
                networkInfo, null);
    }

    @Override
    public ObjectNode toPrimitive() {
        ObjectData data = new ObjectData();
        if (loaded != null) {
            loaded.properties().forEach(field -> data.put(field.getKey(), field.getValue()));
        }
        data.put("uuid", uuid).putIfSet("display_name", displayName)
                .putIfSet("project_id", projectId).putIfSet("user_id", userId).putIfSet("image_ref", imageRef)
                .putIfSet("flavor", flavor).putIfSet("host", host).putIfSet("node", node)
                .putIfSet("vm_state", vmState).putIfSet("task_state", taskState).putIfSet("power_state", powerState);
        if (networkInfo != null) {
            data.put("info_cache", NovaObjects.write(NovaObjects.INSTANCE_INFO_CACHE,
                    NovaObjects.INSTANCE_INFO_CACHE_VERSION, new ObjectData().put("instance_uuid", uuid)
                            .put("network_info", OsloJson.mapper().writeValueAsString(networkInfo))));
        }
        return NovaObjects.write(NovaObjects.INSTANCE, NovaObjects.INSTANCE_VERSION, data);
    }

    /** NovaSim acts on an instance by its uuid: an Instance without one is refused. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static Instance fromPrimitive(JsonNode primitive) {
        ObjectFields f = NovaObjects.read(primitive, "instance", NovaObjects.INSTANCE, NovaObjects.INSTANCE_VERSION);
        return new Instance(f.requiredString("uuid"), f.string("display_name"), f.string("project_id"),
                f.string("user_id"), f.object("flavor", Flavor::fromPrimitive), f.string("image_ref"), f.string("host"),
                f.string("node"), f.string("vm_state"), f.string("task_state"), f.integer("power_state"),
                f.object("info_cache", Instance::networkInfo), f.object().data().deepCopy());
    }

    /** {@code info_cache.network_info}: Nova's NetworkModelField travels as the JSON text of the VIF list. */
    private static List<Vif> networkInfo(JsonNode infoCache) {
        ObjectFields f = NovaObjects.read(infoCache, "info_cache", NovaObjects.INSTANCE_INFO_CACHE,
                NovaObjects.INSTANCE_INFO_CACHE_VERSION);
        String json = f.string("network_info");
        if (json == null) {
            return null;
        }
        try {
            return OsloJson.mapper().readValue(json, NETWORK_INFO);
        } catch (JacksonException e) {
            throw ObjectBindingError.valueError("A NetworkModel is required in field network_info of "
                    + NovaObjects.INSTANCE_INFO_CACHE + ": " + e.getOriginalMessage());
        }
    }
}
