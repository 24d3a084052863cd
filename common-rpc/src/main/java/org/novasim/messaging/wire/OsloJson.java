package org.novasim.messaging.wire;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The JSON mapper of the wire. Python peers name fields in snake case, so Java records travel that way
 * ({@code macAddress} becomes {@code mac_address}); unknown fields are ignored, as a newer peer may add some.
 */
public final class OsloJson {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private OsloJson() {
    }

    public static JsonMapper mapper() {
        return MAPPER;
    }

    /**
     * A value as a JSON node: the scalars every message carries (context keys, object fields) directly, anything
     * else through the mapper, whose {@code valueToTree} sets up a serialization for each value.
     */
    public static JsonNode toTree(Object value) {
        return switch (value) {
            case null -> JsonNodeFactory.instance.nullNode();
            case JsonNode node -> node;
            case String text -> JsonNodeFactory.instance.stringNode(text);
            case Boolean flag -> JsonNodeFactory.instance.booleanNode(flag);
            case Integer number -> JsonNodeFactory.instance.numberNode(number);
            case Long number -> JsonNodeFactory.instance.numberNode(number);
            case Double number -> JsonNodeFactory.instance.numberNode(number);
            default -> MAPPER.valueToTree(value);
        };
    }

    /**
     * A JSON value as Java reads it without a type, as {@code treeToValue(node, Object.class)} gives it (a string, a
     * boolean, an Integer, Long or Double, a list or a map): the scalars directly, anything else through the mapper,
     * whose {@code treeToValue} sets up a deserialization for each value.
     */
    public static Object fromTree(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isString()) {
            return node.asString();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isInt()) {
            return node.intValue();
        }
        if (node.isLong()) {
            return node.longValue();
        }
        if (node.isDouble()) {
            return node.doubleValue();
        }
        return MAPPER.treeToValue(node, Object.class);
    }

    /**
     * A JSON value as the given Java type: a string for a {@code String} or an untyped parameter directly, anything
     * else through the mapper (which also coerces, as a number to a string).
     */
    public static Object fromTree(JsonNode node, JavaType type) {
        Class<?> raw = type.getRawClass();
        if (raw == Object.class) {
            return fromTree(node);
        }
        if (raw == String.class && node.isString()) {
            return node.asString();
        }
        return MAPPER.treeToValue(node, type);
    }

    /** {@code allocateForInstance} → {@code allocate_for_instance}: Java names as Python spells them. */
    public static String snakeCase(String javaName) {
        StringBuilder out = new StringBuilder(javaName.length() + 8);
        for (int i = 0; i < javaName.length(); i++) {
            char c = javaName.charAt(i);
            if (Character.isUpperCase(c)) {
                if (i > 0 && !Character.isUpperCase(javaName.charAt(i - 1)) && javaName.charAt(i - 1) != '_') {
                    out.append('_');
                }
                out.append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
