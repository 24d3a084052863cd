package org.novasim.conductor.objects;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.novasim.messaging.objects.ObjectBindingError;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * A remotable method's arguments as they came: positional ({@code args}, the context apart) and by name
 * ({@code kwargs}), bound to the method's parameters as Python binds them.
 */
record MethodArgs(JsonNode args, JsonNode kwargs) {

    MethodArgs {
        args = args == null || !args.isArray() ? JsonNodeFactory.instance.arrayNode() : args;
        kwargs = kwargs == null || !kwargs.isObject() ? JsonNodeFactory.instance.objectNode() : kwargs;
    }

    /** The parameter at {@code index} or named {@code name}; null when not given or None. */
    @Nullable JsonNode get(int index, String name) {
        JsonNode value = args.size() > index ? args.get(index) : kwargs.get(name);
        return value == null || value.isNull() ? null : value;
    }

    /** A keyword-only parameter; null when not given or None. */
    @Nullable JsonNode keyword(String name) {
        JsonNode value = kwargs.get(name);
        return value == null || value.isNull() ? null : value;
    }

    String text(String method, int index, String name) {
        JsonNode value = get(index, name);
        if (value == null || !value.isString()) {
            throw ObjectBindingError.valueError(method + "() argument " + name + " must be a string");
        }
        return value.asString();
    }

    @Nullable String optionalText(int index, String name) {
        JsonNode value = get(index, name);
        return value == null ? null : value.asString();
    }

    boolean flag(int index, String name, boolean otherwise) {
        JsonNode value = get(index, name);
        return value == null ? otherwise : value.asBoolean();
    }

    /**
     * An {@code expected_*} state: null when not given or None (no expectation); else a single state or a list of
     * them, None among them meaning none, as Nova's {@code instance.save(expected_task_state=[None])} takes it.
     */
    @Nullable List<@Nullable String> states(String name) {
        JsonNode value = keyword(name);
        if (value == null) {
            return null;
        }
        List<@Nullable String> states = new ArrayList<>();
        if (value.isArray()) {
            value.forEach(state -> states.add(state.isNull() ? null : state.asString()));
        } else {
            states.add(value.isNull() ? null : value.asString());
        }
        return states;
    }
}
