package org.novasim.messaging.wire;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.novasim.messaging.RemoteError;
import org.novasim.messaging.RemoteExceptionIdentity;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * oslo.messaging's serialised exception: {@code class}, {@code module}, {@code message}, {@code tb} (lines),
 * {@code args} and {@code kwargs}. It travels in a reply's {@code failure} field as a JSON string.
 */
public record RemoteFailure(String className, String module, String message, List<String> tb, List<Object> args,
                            Map<String, Object> kwargs) {

    private static final int MAX_FRAMES = 30;

    public static RemoteFailure of(String className, String module, String message) {
        return new RemoteFailure(className, module, message, List.of(), List.of(message), Map.of());
    }

    /** Describes a Java exception for a Python peer, under its remote identity where it declares one. */
    public static RemoteFailure of(Throwable error) {
        String message = error.getMessage() == null ? "" : error.getMessage();
        String className = error.getClass().getSimpleName();
        String module = error.getClass().getPackageName();
        Map<String, Object> kwargs = Map.of();
        if (error instanceof RemoteExceptionIdentity identity) {
            className = identity.remoteClass();
            module = identity.remoteModule();
            kwargs = identity.remoteKwargs();
        }
        return new RemoteFailure(className, module, message, traceback(error), List.of(message), kwargs);
    }

    private static List<String> traceback(Throwable error) {
        List<String> lines = new ArrayList<>();
        lines.add(error.getClass().getName() + ": " + error.getMessage() + "\n");
        StackTraceElement[] frames = error.getStackTrace();
        for (int i = 0; i < Math.min(frames.length, MAX_FRAMES); i++) {
            lines.add("  at " + frames[i] + "\n");
        }
        return lines;
    }

    public String toJson() {
        ObjectNode node = OsloJson.mapper().createObjectNode();
        node.put("class", className);
        node.put("module", module);
        node.put("message", message);
        node.set("tb", OsloJson.mapper().valueToTree(tb));
        node.set("args", OsloJson.mapper().valueToTree(args));
        node.set("kwargs", OsloJson.mapper().valueToTree(kwargs));
        return OsloJson.mapper().writeValueAsString(node);
    }

    public static RemoteFailure parse(String json) {
        JsonNode node = OsloJson.mapper().readTree(json);
        return new RemoteFailure(node.path("class").asString(""), node.path("module").asString(""),
                node.path("message").asString(""),
                OsloJson.mapper().convertValue(node.path("tb").isArray() ? node.get("tb") : null, new TypeReference<List<String>>() { }),
                OsloJson.mapper().convertValue(node.path("args").isArray() ? node.get("args") : null, new TypeReference<List<Object>>() { }),
                OsloJson.mapper().convertValue(node.path("kwargs").isObject() ? node.get("kwargs") : null, new TypeReference<Map<String, Object>>() { }));
    }

    public RemoteError toRemoteError() {
        return new RemoteError(className, module, message, tb == null ? List.of() : tb,
                args == null ? List.of() : args, kwargs == null ? Map.of() : kwargs);
    }
}
