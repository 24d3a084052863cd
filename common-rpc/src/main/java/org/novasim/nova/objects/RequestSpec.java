package org.novasim.nova.objects;

import com.fasterxml.jackson.annotation.JsonCreator;

import org.novasim.messaging.objects.ObjectData;
import org.novasim.messaging.objects.ObjectFields;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the scheduler is asked to place, as Nova's {@code RequestSpec} object 1.14, as far as NovaSim schedules:
 * the instance, its owner, the flavor and how many.
 */
public record RequestSpec(String instanceUuid, String projectId, String userId, Flavor flavor, int numInstances)
        implements NovaObject {

    /** The spec of one instance, as Nova's {@code RequestSpec.from_components} builds it for a boot. */
    public static RequestSpec of(Instance instance) {
        return new RequestSpec(instance.uuid(), instance.projectId(), instance.userId(), instance.flavor(), 1);
    }

    @Override
    public ObjectNode toPrimitive() {
        return NovaObjects.write(NovaObjects.REQUEST_SPEC, NovaObjects.REQUEST_SPEC_VERSION, new ObjectData()
                .putIfSet("instance_uuid", instanceUuid).putIfSet("project_id", projectId)
                .putIfSet("user_id", userId).putIfSet("flavor", flavor).put("num_instances", numInstances));
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static RequestSpec fromPrimitive(JsonNode primitive) {
        ObjectFields f = NovaObjects.read(primitive, "request_spec", NovaObjects.REQUEST_SPEC,
                NovaObjects.REQUEST_SPEC_VERSION);
        Integer count = f.integer("num_instances");
        return new RequestSpec(f.string("instance_uuid"), f.string("project_id"), f.string("user_id"),
                f.object("flavor", Flavor::fromPrimitive), count == null ? 1 : count);
    }
}
