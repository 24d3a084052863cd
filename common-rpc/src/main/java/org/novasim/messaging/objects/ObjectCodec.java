package org.novasim.messaging.objects;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.novasim.messaging.wire.Versions;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads and writes versioned object primitives with a project's keys, as oslo.versionedobjects'
 * {@code obj_to_primitive} and {@code obj_from_primitive} do: {@code <serial>.name}, {@code .namespace},
 * {@code .version}, {@code .data}, and {@code .changes} only when something changed.
 *
 * @param serialNamespace the key prefix ({@code versioned_object}; Nova's is {@code nova_object})
 * @param projectNamespace the namespace every object of the project carries ({@code nova})
 * @param knownNames       the classes this side has: any other name is oslo's {@code UnsupportedObjectError}
 */
public record ObjectCodec(String serialNamespace, String projectNamespace, Set<String> knownNames) {

    public boolean isPrimitive(JsonNode node) {
        return node != null && node.isObject() && node.has(key("name")) && node.has(key("data"));
    }

    public ObjectNode write(VersionedObject object) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put(key("name"), object.name());
        node.put(key("namespace"), object.namespace());
        node.put(key("version"), object.version());
        node.set(key("data"), object.data());
        if (!object.changes().isEmpty()) {
            node.putArray(key("changes")).addAll(object.changes().stream()
                    .map(JsonNodeFactory.instance::stringNode).toList());
        }
        return node;
    }

    /**
     * The object in {@code node}, if it is one of {@code expectedName} in a version this side reads
     * ({@code knownVersion} or an older minor of its major, oslo's {@code is_compatible}).
     *
     * @param field the argument or field the object came in, for the error's message
     * @throws ObjectBindingError otherwise, as oslo refuses it (unsupported type, incompatible version, wrong class)
     */
    public VersionedObject read(JsonNode node, String field, String expectedName, String knownVersion) {
        if (!isPrimitive(node)) {
            throw ObjectBindingError.valueError("An object of type " + expectedName + " is required in field "
                    + field + ", not a " + PythonTypes.of(node));
        }
        String name = text(node, "name");
        String namespace = text(node, "namespace");
        String version = text(node, "version");
        if (name == null || version == null || !node.get(key("data")).isObject()) {
            throw ObjectBindingError.valueError("Malformed " + serialNamespace + " primitive in field " + field
                    + ": name, version and data are required");
        }
        if (namespace != null && !namespace.equals(projectNamespace)) {
            throw ObjectBindingError.unsupportedObject(namespace + "." + name);
        }
        if (!knownNames.contains(name)) {
            throw ObjectBindingError.unsupportedObject(name);
        }
        if (!name.equals(expectedName)) {
            throw ObjectBindingError.valueError("An object of type " + expectedName + " is required in field "
                    + field + ", not a " + name);
        }
        boolean compatible;
        try {
            compatible = Versions.isCompatible(knownVersion, version);
        } catch (IllegalArgumentException e) {
            compatible = false;
        }
        if (!compatible) {
            throw ObjectBindingError.incompatibleVersion(name, version, knownVersion);
        }
        List<String> changes = new ArrayList<>();
        JsonNode changed = node.get(key("changes"));
        if (changed != null && changed.isArray()) {
            changed.forEach(c -> changes.add(c.asString()));
        }
        return new VersionedObject(name, projectNamespace, version, (ObjectNode) node.get(key("data")),
                List.copyOf(changes));
    }

    /** The class name a primitive says it is, or null when it is no primitive. */
    public String nameOf(JsonNode node) {
        return isPrimitive(node) ? text(node, "name") : null;
    }

    private String key(String suffix) {
        return serialNamespace + "." + suffix;
    }

    private String text(JsonNode node, String suffix) {
        JsonNode value = node.get(key(suffix));
        return value == null || !value.isString() ? null : value.asString();
    }
}
