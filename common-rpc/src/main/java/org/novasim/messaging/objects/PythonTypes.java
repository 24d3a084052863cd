package org.novasim.messaging.objects;

import tools.jackson.databind.JsonNode;

/** The Python type name a JSON value arrives as, for error messages as oslo words them. */
final class PythonTypes {

    private PythonTypes() {
    }

    static String of(JsonNode node) {
        if (node == null || node.isNull()) {
            return "NoneType";
        }
        if (node.isObject()) {
            return "dict";
        }
        if (node.isArray()) {
            return "list";
        }
        if (node.isString()) {
            return "str";
        }
        if (node.isBoolean()) {
            return "bool";
        }
        if (node.isIntegralNumber()) {
            return "int";
        }
        return node.isNumber() ? "float" : node.getNodeType().name().toLowerCase();
    }
}
