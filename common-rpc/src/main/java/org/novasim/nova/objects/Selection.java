package org.novasim.nova.objects;

import com.fasterxml.jackson.annotation.JsonCreator;

import org.novasim.messaging.objects.ObjectData;
import org.novasim.messaging.objects.ObjectFields;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A host chosen for an instance (the first of a host list) or one of its alternates, as Nova's {@code Selection}
 * object 1.1. NovaSim's scheduler claims no placement allocation request and sets no limits: they travel as None.
 */
public record Selection(String serviceHost, String nodename) implements NovaObject {

    @Override
    public ObjectNode toPrimitive() {
        return NovaObjects.write(NovaObjects.SELECTION, NovaObjects.SELECTION_VERSION, new ObjectData()
                .put("service_host", serviceHost).put("nodename", nodename).put("limits", null)
                .put("allocation_request", null).put("allocation_request_version", null));
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static Selection fromPrimitive(JsonNode primitive) {
        ObjectFields f = NovaObjects.read(primitive, "host_list", NovaObjects.SELECTION, NovaObjects.SELECTION_VERSION);
        return new Selection(f.requiredString("service_host"), f.requiredString("nodename"));
    }
}
