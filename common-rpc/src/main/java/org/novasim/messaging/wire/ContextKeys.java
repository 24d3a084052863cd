package org.novasim.messaging.wire;

import java.util.LinkedHashMap;
import java.util.Map;

import org.novasim.messaging.RequestContext;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Packs a request context into a message as {@code _context_<key>} entries, and unpacks it (oslo's pack/unpack_context). */
public final class ContextKeys {

    public static final String PREFIX = "_context_";

    private ContextKeys() {
    }

    public static void pack(RequestContext context, ObjectNode message) {
        if (context == null) {
            return;
        }
        for (Map.Entry<String, Object> e : context.toDict().entrySet()) {
            message.set(PREFIX + e.getKey(), OsloJson.mapper().valueToTree(e.getValue()));
        }
    }

    public static RequestContext unpack(ObjectNode message) {
        Map<String, Object> dict = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : message.properties()) {
            if (e.getKey().startsWith(PREFIX)) {
                dict.put(e.getKey().substring(PREFIX.length()), OsloJson.mapper().treeToValue(e.getValue(), Object.class));
            }
        }
        return RequestContext.fromDict(dict);
    }
}
