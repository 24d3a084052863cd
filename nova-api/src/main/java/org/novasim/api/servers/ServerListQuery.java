package org.novasim.api.servers;

import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.jspecify.annotations.Nullable;

import org.novasim.api.web.ApiRequest;
import org.novasim.api.web.Microversion;
import org.novasim.api.web.MicroversionChange;
import org.novasim.api.web.NovaApiException;
import org.novasim.api.web.QuerySchema;
import org.novasim.api.web.QueryValues;

/**
 * What {@code GET /servers} and {@code /servers/detail} are asked for, read and checked in the order of Nova's
 * {@code ServersController._get_servers} at the request's microversion: the query schema (unknown parameters
 * ignored below 2.75, 400 from it), then the filters a non-admin may not use dropped silently, status turned into
 * states (an unknown one lists nothing below 2.38, 400 from it), deleted servers included with {@code changes-since}
 * or {@code changes-before} (2.66), {@code all_tenants} for admins only, {@code locked} (2.73), and the page's limit
 * and marker.
 *
 * @param projectId     the project listed; null for every project ({@code all_tenants})
 * @param limit         at most this many servers: the request's limit capped at {@code nova.api.max-limit}
 * @param marker        list the servers after this one (a server's uuid)
 * @param changesSince  only servers updated since then, deleted ones included
 * @param changesBefore only servers updated before then or at that time, deleted ones included
 * @param name          a regular expression the server's name must match (somewhere, as Nova's database does)
 * @param states        the vm_states (and task_states) the {@code status} filter stands for
 * @param host          admins only: servers on this compute host
 * @param deleted       true for deleted servers only, false for live ones only, null for both
 * @param tags          the tag filters (2.26)
 * @param matchesNothing an empty list whatever the database holds: a status Nova does not know below 2.38, or
 *                      {@code locked=true} (NovaSim serves no lock action, so no server is locked)
 */
record ServerListQuery(@Nullable String projectId, int limit, @Nullable String marker, @Nullable Instant changesSince,
                       @Nullable Instant changesBefore, @Nullable String name, StatusFilter.@Nullable States states,
                       @Nullable String host, @Nullable Boolean deleted, TagFilters tags, boolean matchesNothing) {

    private static final ServerListQuery NOTHING = new ServerListQuery(null, 0, null, null, null, null, null, null,
            null, TagFilters.NONE, true);

    /**
     * Nova's tag filters, each a comma-separated list: servers with all of {@code tags}, with one of
     * {@code tags-any}, without all of {@code not-tags}, without any of {@code not-tags-any} (empty: no filter).
     */
    record TagFilters(List<String> all, List<String> any, List<String> notAll, List<String> notAny) {

        static final TagFilters NONE = new TagFilters(List.of(), List.of(), List.of(), List.of());

        static TagFilters of(Map<String, String> filters) {
            return new TagFilters(split(filters.get("tags")), split(filters.get("tags-any")),
                    split(filters.get("not-tags")), split(filters.get("not-tags-any")));
        }

        private static List<String> split(@Nullable String value) {
            return value == null ? List.of() : List.of(value.split(",", -1));
        }
    }

    /** Nova's {@code _get_server_search_options}: the filters a non-admin may use, by the version adding them. */
    private static final Map<Integer, Set<String>> USER_FILTERS_SINCE = Map.of(
            1, Set.of("reservation_id", "name", "status", "image", "flavor", "ip", "changes-since", "all_tenants"),
            5, Set.of("ip6"),
            MicroversionChange.TAGS.since(), Set.of("tags", "tags-any", "not-tags", "not-tags-any"),
            MicroversionChange.CHANGES_BEFORE.since(), Set.of("changes-before"),
            MicroversionChange.LOCKED_REASON.since(), Set.of("locked"),
            MicroversionChange.MORE_USER_FILTERS.since(), Set.of("availability_zone", "config_drive", "key_name",
                    "created_at", "launched_at", "terminated_at", "power_state", "task_state", "vm_state", "progress",
                    "user_id"),
            MicroversionChange.HOSTNAME.since(), Set.of("hostname"));
    /** Filters on joined tables, refused with 400 (Nova's {@code JOINED_TABLE_QUERY_PARAMS_SERVERS}). */
    private static final Set<String> JOINED_TABLE_FILTERS = Set.of("block_device_mapping", "services", "metadata",
            "system_metadata", "info_cache", "security_groups", "pci_devices");
    /** The parameters of Nova's query schema of 2.1 ({@code query_params_v21}, with joined tables and paging). */
    private static final Set<String> SCHEMA_V21 = Set.of("user_id", "project_id", "tenant_id", "launch_index",
            "image_ref", "image", "kernel_id", "ramdisk_id", "hostname", "key_name", "power_state", "vm_state",
            "task_state", "host", "node", "flavor", "reservation_id", "launched_at", "terminated_at",
            "availability_zone", "name", "display_name", "description", "display_description", "locked_by", "uuid",
            "root_device_name", "config_drive", "access_ip_v4", "access_ip_v6", "auto_disk_config", "progress",
            "sort_key", "sort_dir", "all_tenants", "soft_deleted", "deleted", "status", "changes-since", "ip", "ip6",
            "created_at", "limit", "marker", "block_device_mapping", "services", "metadata", "system_metadata",
            "info_cache", "security_groups", "pci_devices");
    private static final Pattern NON_NEGATIVE_INTEGER = Pattern.compile("[0-9]*");

    /** Reads the query string's parameters (every value of each) as the caller may use them at its microversion. */
    static ServerListQuery parse(Map<String, String[]> parameters, ApiRequest api, boolean detail, int maxLimit) {
        Microversion version = api.microversion();
        checkSchema(parameters, version);
        Set<String> known = schema(version);
        Set<String> userFilters = userFilters(version);
        Map<String, String> filters = new HashMap<>();
        parameters.forEach((key, values) -> {
            // Below 2.75 Nova's schema strips what it does not know (but "_..."), then drops what users may not use.
            boolean inSchema = known.contains(key) || key.startsWith("_");
            if (inSchema && (api.isAdmin() || userFilters.contains(key))) {
                filters.put(key, values[values.length - 1]);
            }
        });
        for (String key : filters.keySet()) {
            if (key.startsWith("_") || JOINED_TABLE_FILTERS.contains(key)) {
                throw NovaApiException.badRequest("Invalid filter field: " + key + ".");
            }
        }
        StatusFilter.States states = null;
        if (parameters.containsKey("status")) {
            states = StatusFilter.of(Arrays.asList(parameters.get("status"))).orElse(null);
            if (states == null) {
                if (version.has(MicroversionChange.INVALID_STATUS_REJECTED)) {
                    throw NovaApiException.badRequest("Invalid status value");
                }
                return NOTHING;
            }
        }
        Instant changesSince = QueryValues.time("changes-since", filters.get("changes-since"));
        Instant changesBefore = QueryValues.time("changes-before", filters.get("changes-before"));
        if (changesSince != null && changesBefore != null && changesBefore.isBefore(changesSince)) {
            throw NovaApiException.badRequest("The value of changes-since must be less than or equal to"
                    + " changes-before.");
        }
        Boolean deleted = null;
        if (filters.containsKey("deleted")) {
            deleted = QueryValues.lenientBoolean(filters.get("deleted"));
        } else if (changesSince == null && changesBefore == null) {
            deleted = Boolean.FALSE;
        }
        if (states != null && states.vmStates().equals(List.of("deleted"))) {
            if (!api.isAdmin()) {
                throw NovaApiException.forbidden("Only administrators may list deleted instances");
            }
            deleted = Boolean.TRUE;
        }
        String projectId = api.projectId();
        if (filters.containsKey("all_tenants") && allTenants(filters.get("all_tenants"))) {
            if (!api.isAdmin()) {
                throw NovaApiException.forbidden("Policy doesn't allow os_compute_api:servers:"
                        + (detail ? "detail" : "index") + ":get_all_tenants to be performed.");
            }
            projectId = filters.getOrDefault("project_id", filters.get("tenant_id"));
        }
        boolean lockedOnly = filters.containsKey("locked") && QueryValues.strictBoolean(filters.get("locked"));
        String limit = last(parameters, "limit");
        String marker = last(parameters, "marker");
        if (lockedOnly) {
            return NOTHING;
        }
        return new ServerListQuery(projectId, limit == null ? maxLimit : QueryValues.limit(limit, maxLimit), marker,
                changesSince, changesBefore, filters.get("name"), states, filters.get("host"), deleted,
                TagFilters.of(filters), false);
    }

    /** The parameters Nova's query schema knows at a version. */
    private static Set<String> schema(Microversion version) {
        Set<String> known = new HashSet<>(SCHEMA_V21);
        if (version.has(MicroversionChange.TAGS)) {
            known.addAll(List.of("tags", "tags-any", "not-tags", "not-tags-any"));
        }
        if (version.has(MicroversionChange.CHANGES_BEFORE)) {
            known.add("changes-before");
        }
        if (version.has(MicroversionChange.LOCKED_REASON)) {
            known.add("locked");
        }
        return known;
    }

    private static Set<String> userFilters(Microversion version) {
        Set<String> allowed = new HashSet<>();
        USER_FILTERS_SINCE.forEach((since, names) -> {
            if (version.atLeast(since)) {
                allowed.addAll(names);
            }
        });
        return allowed;
    }

    /**
     * Nova's query schema at a version for the parameters whose values it checks (each value of each), and from
     * 2.75 no parameter it does not know.
     */
    private static void checkSchema(Map<String, String[]> parameters, Microversion version) {
        if (version.has(MicroversionChange.API_CLEANUPS)) {
            QuerySchema.requireKnown(parameters, schema(version), true);
        }
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
        List<String> times = version.has(MicroversionChange.CHANGES_BEFORE) ? List.of("changes-since",
                "changes-before") : List.of("changes-since");
        for (String parameter : times) {
            for (String value : parameters.getOrDefault(parameter, new String[0])) {
                if (QueryValues.isoTime(value) == null) {
                    throw invalidQuery(parameter, value, repr(value) + " is not a 'date-time'");
                }
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

    /** {@code all_tenants} given empty or true (Nova's {@code is_all_tenants}). */
    private static boolean allTenants(String value) {
        return value.isEmpty() || QueryValues.strictBoolean(value);
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
