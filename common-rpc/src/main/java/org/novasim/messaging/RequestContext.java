package org.novasim.messaging;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The request context that travels with every message as oslo.messaging's {@code _context_*} keys:
 * who asked, for which project, and the request id that ties every message of one API request
 * together. Keys this record does not name are kept in {@code extra} and sent back unchanged.
 */
public record RequestContext(String requestId, String globalRequestId, String userId, String projectId,
                             List<String> roles, boolean isAdmin, Map<String, Object> extra) {

    /** The logging MDC key under which a request's id is kept while work for it runs; log patterns print it. */
    public static final String MDC_KEY = "request_id";

    public RequestContext {
        roles = roles == null ? List.of() : List.copyOf(roles);
        extra = extra == null ? Map.of() : Map.copyOf(extra);
    }

    /** A context for work a service starts itself (periodic tasks, reports), with a fresh request id. */
    public static RequestContext admin() {
        return new RequestContext(newRequestId(), null, null, null, List.of("admin"), true, Map.of());
    }

    public static RequestContext of(String requestId, String userId, String projectId, List<String> roles, boolean isAdmin) {
        return new RequestContext(requestId, null, userId, projectId, roles, isAdmin, Map.of());
    }

    /** {@code req-<uuid>}, the form of oslo.context's request ids. */
    public static String newRequestId() {
        return "req-" + UUID.randomUUID();
    }

    public RequestContext withRequestId(String requestId) {
        return new RequestContext(requestId, globalRequestId, userId, projectId, roles, isAdmin, extra);
    }

    /** The context as oslo.context's {@code to_dict()} names its keys. */
    public Map<String, Object> toDict() {
        Map<String, Object> dict = new LinkedHashMap<>(extra);
        dict.put("request_id", requestId);
        dict.put("global_request_id", globalRequestId);
        dict.put("user_id", userId);
        dict.put("project_id", projectId);
        dict.put("roles", roles);
        dict.put("is_admin", isAdmin);
        return dict;
    }

    /** Rebuilds a context from a dict unpacked from {@code _context_*} keys. */
    @SuppressWarnings("unchecked")
    public static RequestContext fromDict(Map<String, Object> dict) {
        Map<String, Object> extra = new LinkedHashMap<>(dict);
        String requestId = asString(extra.remove("request_id"));
        String globalRequestId = asString(extra.remove("global_request_id"));
        String userId = asString(extra.remove("user_id"));
        String projectId = asString(extra.remove("project_id"));
        Object roles = extra.remove("roles");
        Object isAdmin = extra.remove("is_admin");
        extra.values().removeIf(v -> v == null);
        return new RequestContext(requestId, globalRequestId, userId, projectId,
                roles instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of(),
                Boolean.TRUE.equals(isAdmin), extra);
    }

    private static String asString(Object value) {
        return value == null ? null : value.toString();
    }
}
