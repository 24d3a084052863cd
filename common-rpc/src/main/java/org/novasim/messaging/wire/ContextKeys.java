package org.novasim.messaging.wire;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.novasim.messaging.RequestContext;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Packs a request context into a message as {@code _context_<key>} entries, and unpacks it (oslo's pack/unpack_context).
 * The named fields are written and read directly, since this runs for every message.
 */
public final class ContextKeys {

    public static final String PREFIX = "_context_";

    private static final String REQUEST_ID = PREFIX + "request_id";
    private static final String GLOBAL_REQUEST_ID = PREFIX + "global_request_id";
    private static final String USER_ID = PREFIX + "user_id";
    private static final String PROJECT_ID = PREFIX + "project_id";
    private static final String ROLES = PREFIX + "roles";
    private static final String IS_ADMIN = PREFIX + "is_admin";

    private ContextKeys() {
    }

    public static void pack(RequestContext context, ObjectNode message) {
        if (context == null) {
            return;
        }
        for (Map.Entry<String, Object> e : context.extra().entrySet()) {
            message.set(PREFIX + e.getKey(), OsloJson.toTree(e.getValue()));
        }
        message.put(REQUEST_ID, context.requestId());
        message.put(GLOBAL_REQUEST_ID, context.globalRequestId());
        message.put(USER_ID, context.userId());
        message.put(PROJECT_ID, context.projectId());
        ArrayNode roles = message.putArray(ROLES);
        context.roles().forEach(roles::add);
        message.put(IS_ADMIN, context.isAdmin());
    }

    public static RequestContext unpack(ObjectNode message) {
        String requestId = null;
        String globalRequestId = null;
        String userId = null;
        String projectId = null;
        List<String> roles = List.of();
        boolean isAdmin = false;
        Map<String, Object> extra = null;
        for (Map.Entry<String, JsonNode> e : message.properties()) {
            String key = e.getKey();
            if (!key.startsWith(PREFIX)) {
                continue;
            }
            JsonNode value = e.getValue();
            switch (key) {
                case REQUEST_ID -> requestId = text(value);
                case GLOBAL_REQUEST_ID -> globalRequestId = text(value);
                case USER_ID -> userId = text(value);
                case PROJECT_ID -> projectId = text(value);
                case IS_ADMIN -> isAdmin = value.asBoolean(false);
                case ROLES -> roles = roles(value);
                default -> {
                    if (!value.isNull()) {
                        if (extra == null) {
                            extra = new LinkedHashMap<>();
                        }
                        extra.put(key.substring(PREFIX.length()), OsloJson.fromTree(value));
                    }
                }
            }
        }
        return new RequestContext(requestId, globalRequestId, userId, projectId, roles, isAdmin, extra);
    }

    private static String text(JsonNode value) {
        return value.isNull() ? null : value.asString();
    }

    private static List<String> roles(JsonNode value) {
        if (!value.isArray()) {
            return List.of();
        }
        List<String> roles = new ArrayList<>(value.size());
        value.forEach(r -> roles.add(r.asString()));
        return roles;
    }
}
