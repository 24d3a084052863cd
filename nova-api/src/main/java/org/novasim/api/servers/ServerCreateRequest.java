package org.novasim.api.servers;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.novasim.api.web.Microversion;
import org.novasim.api.web.MicroversionChange;
import org.novasim.api.web.NovaApiException;

/**
 * The validated body of {@code POST /v2.1/servers}, checked as Nova's JSON schema of the request's microversion
 * checks it ({@code create}, {@code create_v219} ... {@code create_v290}): unknown fields, wrong types, out-of-range
 * counts and oversized names or metadata are a 400 that says which field.
 *
 * @param networks      {@code "auto"}, {@code "none"} or the list of requested networks
 * @param description   the server's description: from 2.19 as given (null when none), below it the name, as Nova
 * @param tags          from 2.52, the server's tags, each once
 * @param trustedCerts  from 2.63, the ids of the certificates trusted to have signed the image (null when none)
 * @param hostname      from 2.90, the hostname asked for (null: Nova's, made from the name)
 * @param requestedHost from 2.74, an admin's {@code host} (null when none)
 * @param requestedNode from 2.74, an admin's {@code hypervisor_hostname} (null when none)
 */
public record ServerCreateRequest(String name, String imageRef, String flavorRef, Object networks, int minCount,
                                  int maxCount, Map<String, String> metadata, String adminPass,
                                  @Nullable String requestedHost, @Nullable String requestedNode,
                                  @Nullable String description, List<String> tags, @Nullable List<String> trustedCerts,
                                  @Nullable String hostname) {

    /** The most servers one request may create, standing in for Nova's instance quota. */
    public static final int MAX_COUNT = 100;
    private static final int MAX_METADATA_ITEMS = 128;
    private static final int MAX_LENGTH = ServerFields.MAX_LENGTH;

    /** The fields of Nova's {@code create} schema of 2.1 that NovaSim takes. */
    private static final Set<String> ALLOWED_V21 = Set.of("name", "imageRef", "flavorRef", "networks", "min_count",
            "max_count", "metadata", "adminPass", "security_groups", "key_name", "user_data", "availability_zone",
            "config_drive", "OS-DCF:diskConfig", "accessIPv4", "accessIPv6", "return_reservation_id");
    private static final Pattern FQDN = Pattern.compile("[a-zA-Z0-9-._]*");

    /** The fields the create schema of a version allows. */
    private static Set<String> allowed(Microversion version) {
        Set<String> allowed = new HashSet<>(ALLOWED_V21);
        if (!version.has(MicroversionChange.PERSONALITY_REMOVED)) {
            allowed.add("personality");
        }
        if (version.has(MicroversionChange.DESCRIPTION)) {
            allowed.add("description");
        }
        if (version.has(MicroversionChange.TAGS_ON_CREATE)) {
            allowed.add("tags");
        }
        if (version.has(MicroversionChange.TRUSTED_CERTS)) {
            allowed.add("trusted_image_certificates");
        }
        if (version.has(MicroversionChange.REQUESTED_HOST)) {
            allowed.addAll(List.of("host", "hypervisor_hostname"));
        }
        if (version.has(MicroversionChange.HOSTNAME)) {
            allowed.add("hostname");
        }
        return allowed;
    }

    @SuppressWarnings("unchecked")
    public static ServerCreateRequest parse(Map<String, Object> body, Microversion version) {
        if (body == null || !(body.get("server") instanceof Map<?, ?> raw)) {
            throw invalid("server", "'server' is a required property");
        }
        Map<String, Object> server = (Map<String, Object>) raw;
        Set<String> allowed = allowed(version);
        for (String key : server.keySet()) {
            if (!allowed.contains(key)) {
                throw NovaApiException.badRequest("Invalid input for field/attribute server. Value: " + server
                        + ". Additional properties are not allowed ('" + key + "' was unexpected)");
            }
        }
        String name = ServerFields.name(server.get("name"));
        String flavorRef = lastSegment(reference(server, "flavorRef"));
        String imageRef = lastSegment(reference(server, "imageRef"));
        Object networks = networks(server.get("networks"), version);
        int minCount = count(server, "min_count", 1);
        int maxCount = count(server, "max_count", minCount);
        if (minCount > maxCount) {
            throw NovaApiException.badRequest("min_count must be <= max_count");
        }
        Map<String, String> metadata = metadata(server.get("metadata"));
        Object adminPass = server.get("adminPass");
        if (adminPass != null && !(adminPass instanceof String)) {
            throw invalid("adminPass", adminPass + " is not of type 'string'");
        }
        personality(server.get("personality"));
        String hostname = server.containsKey("hostname") ? ServerFields.hostname(server.get("hostname")) : null;
        if (hostname != null && maxCount > 1) {
            throw NovaApiException.badRequest("Unable to allocate a single hostname to multiple instances");
        }
        return new ServerCreateRequest(name, imageRef, flavorRef, networks, minCount, maxCount, metadata,
                (String) adminPass, fqdn(server, "host"), fqdn(server, "hypervisor_hostname"),
                version.has(MicroversionChange.DESCRIPTION) ? ServerFields.description(server.get("description")) : name,
                ServerFields.tags(server.get("tags")), ServerFields.trustedCerts(server.get("trusted_image_certificates")),
                hostname);
    }

    /** Below 2.57, files to inject: a list of {path, contents}; NovaSim's simulated guests have no disk to write. */
    private static void personality(Object value) {
        if (value == null) {
            return;
        }
        if (!(value instanceof List<?> files)) {
            throw invalid("personality", "Value: " + value + ". " + value + " is not of type 'array'");
        }
        for (Object file : files) {
            if (!(file instanceof Map<?, ?> f) || !Set.of("path", "contents").containsAll(f.keySet())) {
                throw invalid("personality", "each item is an object with path and contents: " + file);
            }
        }
    }

    /** 2.74's {@code host} and {@code hypervisor_hostname}: 1 to 255 of letters, digits, '-', '.', '_'. */
    private static @Nullable String fqdn(Map<String, Object> server, String field) {
        Object value = server.get(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String s) || s.isEmpty() || s.length() > MAX_LENGTH || !FQDN.matcher(s).matches()) {
            throw invalid(field, "Value: " + value + ". '" + value + "' does not match '^[a-zA-Z0-9-._]*$'");
        }
        return s;
    }

    private static NovaApiException invalid(String field, String reason) {
        return ServerFields.invalid(field, reason);
    }

    private static String text(Map<String, Object> server, String field, boolean required) {
        Object value = server.get(field);
        if (value == null) {
            if (required) {
                throw invalid(field, "'" + field + "' is a required property");
            }
            return null;
        }
        if (!(value instanceof String s)) {
            throw invalid(field, "Value: " + value + ". " + value + " is not of type 'string'");
        }
        return s;
    }

    private static String reference(Map<String, Object> server, String field) {
        Object value = server.get(field);
        if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return Long.toString(n.longValue());
        }
        String s = text(server, field, true);
        if (s.isBlank() || s.length() > MAX_LENGTH) {
            throw invalid(field, "'" + field + "' must be 1 to " + MAX_LENGTH + " characters");
        }
        return s;
    }

    /** A reference may be a link, as Nova accepts: {@code http://host/v2.1/flavors/1} names flavor 1. */
    private static String lastSegment(String reference) {
        String trimmed = reference.endsWith("/") ? reference.substring(0, reference.length() - 1) : reference;
        int slash = trimmed.lastIndexOf('/');
        return slash >= 0 ? trimmed.substring(slash + 1) : trimmed;
    }

    private static Object networks(Object value, Microversion version) {
        if (value == null) {
            if (version.has(MicroversionChange.NETWORKS_REQUIRED)) {
                throw invalid("networks", "'networks' is a required property");
            }
            return "auto";
        }
        // NovaSim takes "auto" and "none" below 2.37 too (Nova: 400), as its own examples and tests send them.
        if (value instanceof String s) {
            if (s.equals("auto") || s.equals("none")) {
                return s;
            }
            throw invalid("networks", "Value: " + s + ". '" + s + "' is not one of ['none', 'auto']");
        }
        if (value instanceof List<?> list) {
            // A network's tag: 2.32 to 2.36, then again from 2.42 (Nova's schemas dropped it in between by mistake).
            Set<String> keys = version.atLeast(32) && !version.atLeast(37) || version.atLeast(42)
                    ? Set.of("uuid", "port", "fixed_ip", "tag") : Set.of("uuid", "port", "fixed_ip");
            for (Object item : list) {
                if (!(item instanceof Map<?, ?> network) || network.isEmpty() || !keys.containsAll(network.keySet())) {
                    throw invalid("networks", "each network is an object with " + String.join(", ", new TreeSet<>(keys))
                            + ": " + item);
                }
            }
            return list;
        }
        throw invalid("networks", "Value: " + value + ". It is not 'auto', 'none' or a list");
    }

    private static int count(Map<String, Object> server, String field, int fallback) {
        Object value = server.get(field);
        if (value == null) {
            return fallback;
        }
        long count;
        if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            count = n.longValue();
        } else if (value instanceof String s && s.matches("-?\\d{1,18}")) {
            count = Long.parseLong(s);
        } else {
            throw invalid(field, "Value: " + value + ". " + value + " is not of type 'integer', 'string'");
        }
        if (count < 1) {
            throw invalid(field, "Value: " + value + ". " + value + " is less than the minimum of 1");
        }
        if (count > MAX_COUNT) {
            throw NovaApiException.badRequest("Quota exceeded for instances: Requested " + count + ", but the most"
                    + " one request may create is " + MAX_COUNT);
        }
        return (int) count;
    }

    private static Map<String, String> metadata(Object value) {
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> raw)) {
            throw invalid("metadata", value + " is not of type 'object'");
        }
        if (raw.size() > MAX_METADATA_ITEMS) {
            throw NovaApiException.badRequest("Quota exceeded for metadata_items: at most " + MAX_METADATA_ITEMS);
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : raw.entrySet()) {
            String key = String.valueOf(e.getKey());
            if (key.isEmpty() || key.length() > MAX_LENGTH) {
                throw invalid("metadata", "metadata keys must be 1 to " + MAX_LENGTH + " characters");
            }
            if (!(e.getValue() instanceof String v) || v.length() > MAX_LENGTH) {
                throw invalid("metadata", "the value of '" + key + "' must be a string of at most " + MAX_LENGTH
                        + " characters");
            }
            metadata.put(key, v);
        }
        return metadata;
    }
}
