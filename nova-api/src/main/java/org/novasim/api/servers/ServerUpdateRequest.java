package org.novasim.api.servers;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.novasim.api.web.Microversion;
import org.novasim.api.web.MicroversionChange;
import org.novasim.api.web.NovaApiException;

/**
 * The validated body of {@code PUT /v2.1/servers/{id}}, as Nova's {@code update}, {@code update_v219} and
 * {@code update_v290} schemas check it: what is left out stays as it is.
 *
 * @param name           the new name, or null
 * @param setDescription whether a description was given (2.19); it may be null, which removes the description
 * @param description    the new description when {@code setDescription}
 * @param hostname       the new hostname (2.90), or null
 */
record ServerUpdateRequest(@Nullable String name, boolean setDescription, @Nullable String description,
                           @Nullable String hostname) {

    /** Nova's {@code update} schema of 2.1; NovaSim has no access IPs or disk config to change and leaves them. */
    private static final Set<String> ALLOWED_V21 = Set.of("name", "OS-DCF:diskConfig", "accessIPv4", "accessIPv6");

    @SuppressWarnings("unchecked")
    static ServerUpdateRequest parse(Map<String, Object> body, Microversion version) {
        if (body == null || !(body.get("server") instanceof Map<?, ?> raw)) {
            throw ServerFields.invalid("server", "'server' is a required property");
        }
        Map<String, Object> server = (Map<String, Object>) raw;
        Set<String> allowed = new HashSet<>(ALLOWED_V21);
        if (version.has(MicroversionChange.DESCRIPTION)) {
            allowed.add("description");
        }
        if (version.has(MicroversionChange.HOSTNAME)) {
            allowed.add("hostname");
        }
        for (String key : server.keySet()) {
            if (!allowed.contains(key)) {
                throw NovaApiException.badRequest("Invalid input for field/attribute server. Value: " + server
                        + ". Additional properties are not allowed ('" + key + "' was unexpected)");
            }
        }
        return new ServerUpdateRequest(server.containsKey("name") ? ServerFields.name(server.get("name")) : null,
                server.containsKey("description"), ServerFields.description(server.get("description")),
                server.containsKey("hostname") ? ServerFields.hostname(server.get("hostname")) : null);
    }
}
