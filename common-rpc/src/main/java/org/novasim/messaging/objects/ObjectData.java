package org.novasim.messaging.objects;

import java.util.ArrayList;
import java.util.List;

import org.novasim.messaging.wire.OsloJson;

import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The fields of an object to send, each one set recorded as changed, as on an object just built with its fields
 * (oslo lists them in {@code changes}). Values are converted as the wire converts them; nested objects become their
 * primitives.
 */
public final class ObjectData {

    private final ObjectNode data = JsonNodeFactory.instance.objectNode();
    private final List<String> changes = new ArrayList<>();

    /** Sets the field, to None if {@code value} is null. */
    public ObjectData put(String field, Object value) {
        data.set(field, OsloJson.toTree(value));
        changes.add(field);
        return this;
    }

    /** Sets the field only if there is a value: an unset field is left out, as oslo leaves it out. */
    public ObjectData putIfSet(String field, Object value) {
        return value == null ? this : put(field, value);
    }

    public VersionedObject build(String name, String namespace, String version) {
        return new VersionedObject(name, namespace, version, data, List.copyOf(changes));
    }
}
