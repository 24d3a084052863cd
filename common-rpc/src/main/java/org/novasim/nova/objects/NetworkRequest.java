package org.novasim.nova.objects;

import com.fasterxml.jackson.annotation.JsonCreator;

import org.novasim.messaging.objects.ObjectData;
import org.novasim.messaging.objects.ObjectFields;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One requested network, as Nova's {@code NetworkRequest} object 1.3: a network id (or Nova's {@code auto} or
 * {@code none}), a fixed address, or a port.
 */
public record NetworkRequest(String networkId, String address, String portId, String tag) implements NovaObject {

    /** Nova's {@code NETWORK_ID_AUTO}: allocate a network for the instance. */
    public static final String AUTO = "auto";
    /** Nova's {@code NETWORK_ID_NONE}: no network at all. */
    public static final String NONE = "none";

    public static NetworkRequest network(String networkId) {
        return new NetworkRequest(networkId, null, null, null);
    }

    @Override
    public ObjectNode toPrimitive() {
        return NovaObjects.write(NovaObjects.NETWORK_REQUEST, NovaObjects.NETWORK_REQUEST_VERSION, new ObjectData()
                .putIfSet("network_id", networkId).putIfSet("address", address).putIfSet("port_id", portId)
                .putIfSet("tag", tag));
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static NetworkRequest fromPrimitive(JsonNode primitive) {
        ObjectFields f = NovaObjects.read(primitive, "requested_networks", NovaObjects.NETWORK_REQUEST,
                NovaObjects.NETWORK_REQUEST_VERSION);
        return new NetworkRequest(f.string("network_id"), f.string("address"), f.string("port_id"), f.string("tag"));
    }
}
