package org.novasim.nova.objects;

import com.fasterxml.jackson.annotation.JsonCreator;

import org.novasim.messaging.objects.ObjectData;
import org.novasim.messaging.objects.ObjectFields;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Where a request must land, as Nova's {@code Destination} object 1.4 (a RequestSpec's
 * {@code requested_destination}): a compute host, a node, or both; null when not asked.
 */
public record Destination(String host, String node) implements NovaObject {

    /** Whether a compute node of {@code host} named {@code nodename} is where this destination points. */
    public boolean admits(String host, String nodename) {
        return (this.host == null || this.host.equals(host)) && (node == null || node.equals(nodename));
    }

    @Override
    public ObjectNode toPrimitive() {
        return NovaObjects.write(NovaObjects.DESTINATION, NovaObjects.DESTINATION_VERSION, new ObjectData()
                .putIfSet("host", host).putIfSet("node", node));
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static Destination fromPrimitive(JsonNode primitive) {
        ObjectFields f = NovaObjects.read(primitive, "requested_destination", NovaObjects.DESTINATION,
                NovaObjects.DESTINATION_VERSION);
        return new Destination(f.string("host"), f.string("node"));
    }
}
