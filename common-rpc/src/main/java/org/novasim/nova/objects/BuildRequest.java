package org.novasim.nova.objects;

import com.fasterxml.jackson.annotation.JsonCreator;

import org.novasim.messaging.objects.ObjectData;
import org.novasim.messaging.objects.ObjectFields;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An instance the API accepted and the conductor is to schedule, as Nova's {@code BuildRequest} object 1.3: its
 * uuid and project, and the instance as the API built it.
 */
public record BuildRequest(String instanceUuid, String projectId, Instance instance) implements NovaObject {

    public static BuildRequest of(Instance instance) {
        return new BuildRequest(instance.uuid(), instance.projectId(), instance);
    }

    @Override
    public ObjectNode toPrimitive() {
        return NovaObjects.write(NovaObjects.BUILD_REQUEST, NovaObjects.BUILD_REQUEST_VERSION, new ObjectData()
                .put("instance_uuid", instanceUuid).putIfSet("project_id", projectId).putIfSet("instance", instance));
    }

    /** The uuid is the BuildRequest's {@code instance_uuid}, or its instance's when only that is set. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static BuildRequest fromPrimitive(JsonNode primitive) {
        ObjectFields f = NovaObjects.read(primitive, "build_requests", NovaObjects.BUILD_REQUEST,
                NovaObjects.BUILD_REQUEST_VERSION);
        Instance instance = f.object("instance", Instance::fromPrimitive);
        String uuid = f.string("instance_uuid");
        if (uuid == null && instance == null) {
            f.requiredString("instance_uuid");
        }
        return new BuildRequest(uuid != null ? uuid : instance.uuid(), f.string("project_id"), instance);
    }
}
