package org.novasim.nova.objects;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonCreator;

import org.novasim.messaging.objects.ObjectData;
import org.novasim.messaging.objects.ObjectFields;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The networks asked for a boot, as Nova's {@code NetworkRequestList} object 1.1. */
public record NetworkRequestList(List<NetworkRequest> objects) implements NovaObject {

    public NetworkRequestList {
        objects = List.copyOf(objects);
    }

    /** What the API sends for {@code "networks": "auto"} (and for no networks given before 2.37). */
    public static NetworkRequestList auto() {
        return new NetworkRequestList(List.of(NetworkRequest.network(NetworkRequest.AUTO)));
    }

    /** What the API sends for {@code "networks": "none"}. */
    public static NetworkRequestList none() {
        return new NetworkRequestList(List.of(NetworkRequest.network(NetworkRequest.NONE)));
    }

    /**
     * The list the API builds from a server's {@code networks}: {@code "auto"}, {@code "none"}, or a list of
     * {@code {"uuid", "fixed_ip", "port", "tag"}} (as Nova's {@code _get_requested_networks}); null means auto.
     */
    public static NetworkRequestList fromApi(Object networks) {
        if (networks == null || NetworkRequest.AUTO.equals(networks)) {
            return auto();
        }
        if (NetworkRequest.NONE.equals(networks)) {
            return none();
        }
        if (networks instanceof List<?> list) {
            return new NetworkRequestList(list.stream().map(item -> {
                Map<?, ?> network = (Map<?, ?>) item;
                return new NetworkRequest(text(network.get("uuid")), text(network.get("fixed_ip")),
                        text(network.get("port")), text(network.get("tag")));
            }).toList());
        }
        throw new IllegalArgumentException("networks must be \"auto\", \"none\" or a list, not " + networks);
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    /** Nova's {@code no_allocate}: the one request is for no network. */
    public boolean noAllocate() {
        return objects.size() == 1 && NetworkRequest.NONE.equals(objects.getFirst().networkId());
    }

    @Override
    public ObjectNode toPrimitive() {
        return NovaObjects.write(NovaObjects.NETWORK_REQUEST_LIST, NovaObjects.NETWORK_REQUEST_LIST_VERSION,
                new ObjectData().put("objects", objects));
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static NetworkRequestList fromPrimitive(JsonNode primitive) {
        ObjectFields f = NovaObjects.read(primitive, "requested_networks", NovaObjects.NETWORK_REQUEST_LIST,
                NovaObjects.NETWORK_REQUEST_LIST_VERSION);
        List<NetworkRequest> objects = f.objects("objects", NetworkRequest::fromPrimitive);
        return new NetworkRequestList(objects == null ? List.of() : objects);
    }
}
