package org.novasim.messaging.objects;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import tools.jackson.databind.JsonNode;

/**
 * The {@code data} of a received object, read field by field with the coercions oslo.versionedobjects' field types
 * make (a number where a string is wanted becomes its text, a numeric string where an integer is wanted its value)
 * and its refusals (a dict where a string is wanted, None where the field cannot be None). A field that is not set
 * reads as null; fields this side does not know are ignored, as {@code obj_from_primitive} ignores them.
 */
public final class ObjectFields {

    private final VersionedObject object;

    public ObjectFields(VersionedObject object) {
        this.object = object;
    }

    public VersionedObject object() {
        return object;
    }

    public boolean isSet(String field) {
        return object.data().has(field);
    }

    /** The field as it came, or null when not set. */
    public JsonNode raw(String field) {
        return object.data().get(field);
    }

    public String string(String field) {
        JsonNode node = raw(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isString() || node.isNumber()) {
            return node.asString();
        }
        throw wrongType("A string", field, node);
    }

    /** A field this side cannot do without: set and not None. */
    public String requiredString(String field) {
        String value = string(field);
        if (value == null) {
            throw missing(field);
        }
        return value;
    }

    public Integer integer(String field) {
        JsonNode node = raw(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isNumber()) {
            return node.asInt();
        }
        if (node.isBoolean()) {
            return node.asBoolean() ? 1 : 0;
        }
        if (node.isString()) {
            try {
                return Integer.parseInt(node.asString().strip());
            } catch (NumberFormatException e) {
                throw ObjectBindingError.valueError("Field " + field + " of " + object.name()
                        + ": invalid literal for int() with base 10: '" + node.asString() + "'");
            }
        }
        throw wrongType("An integer", field, node);
    }

    /** An integer field this side cannot do without. */
    public int requiredInteger(String field) {
        Integer value = integer(field);
        if (value == null) {
            throw missing(field);
        }
        return value;
    }

    public Double number(String field) {
        JsonNode node = raw(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isNumber()) {
            return node.asDouble();
        }
        if (node.isString()) {
            try {
                return Double.parseDouble(node.asString().strip());
            } catch (NumberFormatException e) {
                throw ObjectBindingError.valueError("Field " + field + " of " + object.name()
                        + ": could not convert string to float: '" + node.asString() + "'");
            }
        }
        throw wrongType("A float", field, node);
    }

    public Boolean bool(String field) {
        JsonNode node = raw(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        if (node.isNumber()) {
            return node.asDouble() != 0;
        }
        throw wrongType("A boolean", field, node);
    }

    /** A nested object, read by {@code reader} (which checks its class and version); null when not set or None. */
    public <T> T object(String field, Function<JsonNode, T> reader) {
        JsonNode node = raw(field);
        return node == null || node.isNull() ? null : reader.apply(node);
    }

    /** A list of nested objects ({@code ListOfObjectsField}); null when not set or None. */
    public <T> List<T> objects(String field, Function<JsonNode, T> reader) {
        JsonNode node = list(field);
        if (node == null) {
            return null;
        }
        List<T> list = new ArrayList<>();
        node.forEach(element -> list.add(reader.apply(element)));
        return list;
    }

    public List<String> strings(String field) {
        JsonNode node = list(field);
        if (node == null) {
            return null;
        }
        List<String> list = new ArrayList<>();
        node.forEach(element -> {
            if (!element.isString()) {
                throw wrongType("A string", field + "[]", element);
            }
            list.add(element.asString());
        });
        return list;
    }

    public Map<String, String> stringMap(String field) {
        JsonNode node = raw(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw wrongType("A dict", field, node);
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            map.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asString());
        }
        return map;
    }

    /** A list field as it came, null when not set or None. */
    private JsonNode list(String field) {
        JsonNode node = raw(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray()) {
            throw wrongType("A list", field, node);
        }
        return node;
    }

    private ObjectBindingError wrongType(String what, String field, JsonNode node) {
        return ObjectBindingError.valueError(what + " is required in field " + field + " of " + object.name()
                + ", not a " + PythonTypes.of(node));
    }

    private ObjectBindingError missing(String field) {
        return ObjectBindingError.valueError(object.name() + " " + object.version() + " arrived without field "
                + field + ", which it needs");
    }
}
