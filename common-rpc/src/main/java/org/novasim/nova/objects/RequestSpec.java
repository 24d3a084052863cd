package org.novasim.nova.objects;

import com.fasterxml.jackson.annotation.JsonCreator;

import org.novasim.messaging.objects.ObjectData;
import org.novasim.messaging.objects.ObjectFields;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the scheduler is asked to place, as Nova's {@code RequestSpec} object 1.14, as far as NovaSim schedules:
 * the instance, its owner, the flavor and image, how many in the request, the zone asked for and (2.74) the
 * destination an admin asked for. Fields not known are null and left out, as Nova leaves out unset fields.
 */
public record RequestSpec(String instanceUuid, String projectId, String userId, Flavor flavor, int numInstances,
                          ImageMeta image, String availabilityZone, Destination requestedDestination)
        implements NovaObject {

    public RequestSpec(String instanceUuid, String projectId, String userId, Flavor flavor, int numInstances) {
        this(instanceUuid, projectId, userId, flavor, numInstances, null, null, null);
    }

    /** The spec of one instance, as Nova's {@code RequestSpec.from_components} builds it for a boot. */
    public static RequestSpec of(Instance instance) {
        return new RequestSpec(instance.uuid(), instance.projectId(), instance.userId(), instance.flavor(), 1);
    }

    @Override
    public ObjectNode toPrimitive() {
        return NovaObjects.write(NovaObjects.REQUEST_SPEC, NovaObjects.REQUEST_SPEC_VERSION, new ObjectData()
                .putIfSet("instance_uuid", instanceUuid).putIfSet("project_id", projectId)
                .putIfSet("user_id", userId).putIfSet("flavor", flavor).put("num_instances", numInstances)
                .putIfSet("image", image).putIfSet("availability_zone", availabilityZone)
                .putIfSet("requested_destination", requestedDestination));
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static RequestSpec fromPrimitive(JsonNode primitive) {
        ObjectFields f = NovaObjects.read(primitive, "request_spec", NovaObjects.REQUEST_SPEC,
                NovaObjects.REQUEST_SPEC_VERSION);
        Integer count = f.integer("num_instances");
        return new RequestSpec(f.string("instance_uuid"), f.string("project_id"), f.string("user_id"),
                f.object("flavor", Flavor::fromPrimitive), count == null ? 1 : count,
                f.object("image", ImageMeta::fromPrimitive), f.string("availability_zone"),
                f.object("requested_destination", Destination::fromPrimitive));
    }
}
