package org.novasim.api.servers;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.jspecify.annotations.Nullable;

import org.novasim.api.web.ApiRequest;
import org.novasim.api.web.NovaApiException;

/**
 * What {@code GET /servers} and {@code /servers/detail} are asked for, read and checked in the order of Nova's
 * {@code ServersController._get_servers}: the query schema of microversion 2.1 (limit, name, changes-since), then
 * the filters a non-admin may not use dropped silently, status turned into states, deleted servers included with
 * {@code changes-since}, {@code all_tenants} for admins only, and the page's limit and marker.
 *
 * @param projectId    the project listed; null for every project ({@code all_tenants})
 * @param limit        at most this many servers: the request's limit capped at {@code nova.api.max-limit}
 * @param marker       list the servers after this one (a server's uuid)
 * @param changesSince only servers updated since then, deleted ones included
 * @param name         a regular expression the server's name must match (somewhere, as Nova's database does)
 * @param states       the vm_states (and task_states) the {@code status} filter stands for
 * @param host         admins only: servers on this compute host
 * @param deleted      true for deleted servers only, false for live ones only, null for both
 * @param matchesNothing a status Nova does not know: an empty list, as Nova answers below microversion 2.38
 */
record ServerListQuery(@Nullable String projectId, int limit, @Nullable String marker, @Nullable Instant changesSince,
                       @Nullable String name, StatusFilter.@Nullable States states, @Nullable String host,
                       @Nullable Boolean deleted, boolean matchesNothing) {

    /** The filters Nova lets a non-admin use at the microversions served here (2.1 to 2.37). */
    private static final Set<String> USER_FILTERS = Set.of("reservation_id", "name", "status", "image", "flavor", "ip",
            "changes-since", "all_tenants", "ip6", "tags", "tags-any", "not-tags", "not-tags-any");
    /** Filters on joined tables, refused with 400 (Nova's {@code JOINED_TABLE_QUERY_PARAMS_SERVERS}). */
    private static final Set<String> JOINED_TABLE_FILTERS = Set.of("block_device_mapping", "services", "metadata",
            "system_metadata", "info_cache", "security_groups", "pci_devices");
    private static final Pattern NON_NEGATIVE_INTEGER = Pattern.compile("[0-9]*");
    /** What oslo's {@code timeutils.parse_isotime} (the iso8601 library) reads: a date, a time, a zone. */
    private static final Pattern ISO_TIME = Pattern.compile("(\\d{4})-(\\d{2})-(\\d{2})"
            + "(?:[T ](\\d{2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d{1,9})\\d*)?)?)?\\s*(Z|[+-]\\d{2}(?::?\\d{2})?)?");
    private static final List<String> BOOLEAN_STRINGS = List.of("0", "1", "f", "false", "n", "no", "off", "on", "t",
            "true", "y", "yes");

    /** Reads the query string's parameters (every value of each) as the caller may use them. */
    static ServerListQuery parse(Map<String, String[]> parameters, ApiRequest api, boolean detail, int maxLimit) {
        checkSchema(parameters);
        Map<String, String> filters = new HashMap<>();
        parameters.forEach((key, values) -> {
            if (api.isAdmin() || USER_FILTERS.contains(key)) {
                filters.put(key, values[values.length - 1]);
            }
        });
        if (api.isAdmin()) {
            for (String key : filters.keySet()) {
                if (key.startsWith("_") || JOINED_TABLE_FILTERS.contains(key)) {
                    throw NovaApiException.badRequest("Invalid filter field: " + key + ".");
                }
            }
        }
        StatusFilter.States states = null;
        if (parameters.containsKey("status")) {
            states = StatusFilter.of(Arrays.asList(parameters.get("status"))).orElse(null);
            if (states == null) {
                return new ServerListQuery(null, 0, null, null, null, null, null, null, true);
            }
        }
        Instant changesSince = filters.containsKey("changes-since") ? isoTime(filters.get("changes-since")) : null;
        Boolean deleted = null;
        if (filters.containsKey("deleted")) {
            deleted = lenientBoolean(filters.get("deleted"));
        } else if (changesSince == null) {
            deleted = Boolean.FALSE;
        }
        if (states != null && states.vmStates().equals(List.of("deleted"))) {
            if (!api.isAdmin()) {
                throw NovaApiException.forbidden("Only administrators may list deleted instances");
            }
            deleted = Boolean.TRUE;
        }
        String projectId = api.projectId();
        if (allTenants(filters)) {
            if (!api.isAdmin()) {
                throw NovaApiException.forbidden("Policy doesn't allow os_compute_api:servers:"
                        + (detail ? "detail" : "index") + ":get_all_tenants to be performed.");
            }
            projectId = filters.getOrDefault("project_id", filters.get("tenant_id"));
        }
        String limit = last(parameters, "limit");
        String marker = last(parameters, "marker");
        return new ServerListQuery(projectId, limit == null ? maxLimit : cappedLimit(limit, maxLimit), marker,
                changesSince, filters.get("name"), states, filters.get("host"), deleted, false);
    }

    /** Nova's query schema of 2.1 for the parameters whose values it checks: each value of each. */
    private static void checkSchema(Map<String, String[]> parameters) {
        for (String value : parameters.getOrDefault("limit", new String[0])) {
            if (!NON_NEGATIVE_INTEGER.matcher(value).matches()) {
                throw invalidQuery("limit", value, repr(value) + " does not match '^[0-9]*$'");
            }
            if (value.isEmpty()) {
                throw invalidQuery("limit", value, "'' is too short");
            }
        }
        for (String value : parameters.getOrDefault("name", new String[0])) {
            if (!isRegex(value)) {
                throw invalidQuery("name", value, repr(value) + " is not a 'regex'");
            }
        }
        for (String value : parameters.getOrDefault("changes-since", new String[0])) {
            if (isoTime(value) == null) {
                throw invalidQuery("changes-since", value, repr(value) + " is not a 'date-time'");
            }
        }
    }

    private static NovaApiException invalidQuery(String parameter, String value, String message) {
        return NovaApiException.badRequest("Invalid input for query parameters " + parameter + ". Value: " + value
                + ". " + message);
    }

    private static boolean isRegex(String value) {
        if (value.isEmpty()) {
            return false;
        }
        try {
            Pattern.compile(value);
            return true;
        } catch (PatternSyntaxException e) {
            return false;
        }
    }

    /** The limit asked for, never above the maximum (digits only by now, perhaps too many for an int). */
    private static int cappedLimit(String digits, int maxLimit) {
        String significant = digits.replaceFirst("^0+(?=.)", "");
        return significant.length() > 9 ? maxLimit : Math.min(maxLimit, Integer.parseInt(significant));
    }

    /** {@code all_tenants} given empty or true (oslo's strict {@code bool_from_string}, else 400). */
    private static boolean allTenants(Map<String, String> filters) {
        String value = filters.get("all_tenants");
        if (value == null || value.isEmpty()) {
            return value != null;
        }
        String normalized = value.strip().toLowerCase(Locale.ROOT);
        if (!BOOLEAN_STRINGS.contains(normalized)) {
            throw NovaApiException.badRequest("Unrecognized value '" + value + "', acceptable values are: "
                    + String.join(", ", BOOLEAN_STRINGS.stream().map(s -> "'" + s + "'").toList()));
        }
        return isTrue(normalized);
    }

    /** oslo's {@code bool_from_string} with a default of false: anything not true is false. */
    private static boolean lenientBoolean(String value) {
        return isTrue(value.strip().toLowerCase(Locale.ROOT));
    }

    private static boolean isTrue(String normalized) {
        return Set.of("1", "t", "true", "on", "y", "yes").contains(normalized);
    }

    /** A time as oslo reads it, UTC when it names no zone; null when it is none. */
    static @Nullable Instant isoTime(String text) {
        Matcher m = ISO_TIME.matcher(text.strip());
        if (!m.matches()) {
            return null;
        }
        try {
            String fraction = m.group(7) == null ? "0" : (m.group(7) + "00000000").substring(0, 9);
            LocalDateTime local = LocalDateTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)), number(m.group(4)), number(m.group(5)), number(m.group(6)),
                    Integer.parseInt(fraction));
            ZoneOffset zone = m.group(8) == null || m.group(8).equals("Z") ? ZoneOffset.UTC : offset(m.group(8));
            return local.toInstant(zone);
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static ZoneOffset offset(String text) {
        String digits = text.replace(":", "");
        return digits.length() == 3 ? ZoneOffset.of(digits) : ZoneOffset.of(digits.substring(0, 3) + ":"
                + digits.substring(3));
    }

    private static int number(@Nullable String digits) {
        return digits == null ? 0 : Integer.parseInt(digits);
    }

    private static @Nullable String last(Map<String, String[]> parameters, String name) {
        String[] values = parameters.get(name);
        return values == null || values.length == 0 ? null : values[values.length - 1];
    }

    /** A string as Python's {@code repr} writes it, as Nova's messages quote values. */
    private static String repr(String value) {
        if (value.contains("'") && !value.contains("\"")) {
            return "\"" + value + "\"";
        }
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
