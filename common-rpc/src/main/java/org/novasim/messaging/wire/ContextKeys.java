package org.novasim.messaging.wire;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.novasim.messaging.RequestContext;

import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationContext;
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
    private static final Set<String> NAMED = Set.of(REQUEST_ID, GLOBAL_REQUEST_ID, USER_ID, PROJECT_ID, ROLES, IS_ADMIN);

    private ContextKeys() {
    }

    /** Writes the context's keys into the message being written, in oslo's order: other keys first, then the named. */
    public static void write(RequestContext context, JsonGenerator out, SerializationContext serialization) {
        if (context == null) {
            return;
        }
        for (Map.Entry<String, Object> e : context.extra().entrySet()) {
            String key = PREFIX + e.getKey();
            if (!NAMED.contains(key)) {
                MessageWriter.writeTree(out, key, OsloJson.toTree(e.getValue()), serialization);
            }
        }
        MessageWriter.writeString(out, REQUEST_ID, context.requestId());
        MessageWriter.writeString(out, GLOBAL_REQUEST_ID, context.globalRequestId());
        MessageWriter.writeString(out, USER_ID, context.userId());
        MessageWriter.writeString(out, PROJECT_ID, context.projectId());
        out.writeName(ROLES);
        out.writeStartArray();
        for (String role : context.roles()) {
            out.writeString(role);
        }
        out.writeEndArray();
        out.writeBooleanProperty(IS_ADMIN, context.isAdmin());
    }

    /** Adds the context's keys to a message built as a tree, as {@link #write} writes them. */
    public static void pack(RequestContext context, ObjectNode message) {
        message.setAll((ObjectNode) OsloJson.mapper().valueToTree(new MessageWriter() {
            @Override
            protected void writeFields(JsonGenerator out, SerializationContext serialization) {
                write(context, out, serialization);
            }
        }));
    }

    public static RequestContext unpack(ObjectNode message) {
        Unpacker context = new Unpacker();
        Envelope.read(message, context::field);
        return context.context();
    }

    /** Gathers a context from a message's fields as they are read, ignoring those that are not the context's. */
    public static final class Unpacker {
        private String requestId;
        private String globalRequestId;
        private String userId;
        private String projectId;
        private List<String> roles = List.of();
        private boolean isAdmin;
        private Map<String, Object> extra;

        public void field(String key, JsonNode value) {
            if (!key.startsWith(PREFIX)) {
                return;
            }
            switch (key) {
                case REQUEST_ID -> requestId = text(value);
                case GLOBAL_REQUEST_ID -> globalRequestId = text(value);
                case USER_ID -> userId = text(value);
                case PROJECT_ID -> projectId = text(value);
                case IS_ADMIN -> isAdmin = value.asBoolean(false);
                case ROLES -> roles = roles(value);
                default -> {
                    if (extra == null) {
                        extra = new LinkedHashMap<>();
                    }
                    if (value.isNull()) {
                        extra.remove(key.substring(PREFIX.length())); // a later null, as the tree keeps the last
                    } else {
                        extra.put(key.substring(PREFIX.length()), OsloJson.fromTree(value));
                    }
                }
            }
        }

        public RequestContext context() {
            return new RequestContext(requestId, globalRequestId, userId, projectId, roles, isAdmin, extra);
        }
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
