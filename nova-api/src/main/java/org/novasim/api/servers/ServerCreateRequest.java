package org.novasim.api.servers;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.novasim.api.web.Microversion;
import org.novasim.api.web.NovaApiException;

/**
 * The validated body of {@code POST /v2.1/servers}, checked as Nova's JSON schema checks it: unknown fields, wrong
 * types, out-of-range counts and oversized names or metadata are a 400 that says which field.
 *
 * @param networks {@code "auto"}, {@code "none"} or the list of requested networks
 */
public record ServerCreateRequest(String name, String imageRef, String flavorRef, Object networks, int minCount,
                                  int maxCount, Map<String, String> metadata, String adminPass) {

    /** The most servers one request may create, standing in for Nova's instance quota. */
    public static final int MAX_COUNT = 100;
    private static final int MAX_METADATA_ITEMS = 128;
    private static final int MAX_LENGTH = 255;

    private static final Set<String> ALLOWED = Set.of("name", "imageRef", "flavorRef", "networks", "min_count",
            "max_count", "metadata", "adminPass", "security_groups", "key_name", "user_data", "availability_zone",
            "config_drive", "OS-DCF:diskConfig", "accessIPv4", "accessIPv6", "return_reservation_id");

    @SuppressWarnings("unchecked")
    public static ServerCreateRequest parse(Map<String, Object> body, Microversion version) {
        if (body == null || !(body.get("server") instanceof Map<?, ?> raw)) {
            throw invalid("server", "'server' is a required property");
        }
        Map<String, Object> server = (Map<String, Object>) raw;
        for (String key : server.keySet()) {
            if (!ALLOWED.contains(key)) {
                throw NovaApiException.badRequest("Invalid input for field/attribute server. Value: " + server
                        + ". Additional properties are not allowed ('" + key + "' was unexpected)");
            }
        }
        String name = text(server, "name", true);
        if (name.isBlank() || name.length() > MAX_LENGTH) {
            throw invalid("name", "name must be 1 to " + MAX_LENGTH + " characters and not only blanks");
        }
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
        return new ServerCreateRequest(name, imageRef, flavorRef, networks, minCount, maxCount, metadata,
                (String) adminPass);
    }

    private static NovaApiException invalid(String field, String reason) {
        return NovaApiException.badRequest("Invalid input for field/attribute " + field + ". " + reason);
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
            if (version.atLeast(37)) {
                throw invalid("networks", "'networks' is a required property");
            }
            return "auto";
        }
        if (value instanceof String s) {
            if (s.equals("auto") || s.equals("none")) {
                return s;
            }
            throw invalid("networks", "Value: " + s + ". '" + s + "' is not one of ['none', 'auto']");
        }
        if (value instanceof List<?> list) {
            for (Object item : list) {
                if (!(item instanceof Map<?, ?> network) || network.isEmpty()
                        || !Set.of("uuid", "port", "fixed_ip", "tag").containsAll(network.keySet())) {
                    throw invalid("networks", "each network is an object with uuid, port or fixed_ip: " + item);
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
