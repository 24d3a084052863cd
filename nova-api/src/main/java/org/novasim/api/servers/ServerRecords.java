package org.novasim.api.servers;

import java.sql.DatabaseMetaData;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import org.novasim.messaging.wire.OsloJson;

/** The {@code instances} table as the API reads and changes it. */
@Repository
public class ServerRecords {

    /** An instance's row as the API shows it. */
    public record ServerRow(String uuid, String displayName, String projectId, String userId, String flavorid,
                            String imageRef, String vmState, String taskState, int powerState, String host, String node,
                            String reservationId, int launchIndex, String metadata, String networkInfo,
                            Timestamp createdAt, Timestamp updatedAt, Timestamp launchedAt, Timestamp terminatedAt,
                            @Nullable String description, @Nullable String hostname,
                            @Nullable List<String> trustedCerts) {
    }

    /** The nova-compute service of a host, as a server's {@code host_status} is worked out from it. */
    public record ComputeServiceRow(String host, boolean disabled, boolean forcedDown, Timestamp lastSeen) {
    }

    /** A new instance to insert, building and scheduling, with its tags and trusted certificates (null: none). */
    public record NewServer(String uuid, String displayName, String projectId, String userId, String flavorid,
                            String imageRef, String reservationId, int launchIndex, String metadata,
                            String adminPassHash, @Nullable String description, String hostname, List<String> tags,
                            @Nullable List<String> trustedCerts) {
    }

    public record FaultRow(int code, String message, String details, Timestamp createdAt) {
    }

    private static final String COLUMNS = "uuid, display_name, project_id, user_id, flavorid, image_ref, vm_state,"
            + " task_state, power_state, host, node, reservation_id, launch_index, metadata, network_info, created_at,"
            + " updated_at, launched_at, terminated_at, display_description, hostname, trusted_certs";
    /** An instance with its extra row (trusted certificates), which only some have. */
    private static final String INSTANCES = "instances LEFT JOIN instance_extra ON instance_extra.instance_uuid = uuid";

    /**
     * Rows read by column name, not by the bean-property mapper, which probes each property under several names:
     * on H2 every miss is an exception written to the database's trace file, seconds for a page of 1,000.
     */
    private static final RowMapper<ServerRow> SERVER_ROW = (rs, rowNum) -> new ServerRow(rs.getString("uuid"),
            rs.getString("display_name"), rs.getString("project_id"), rs.getString("user_id"),
            rs.getString("flavorid"), rs.getString("image_ref"), rs.getString("vm_state"), rs.getString("task_state"),
            rs.getInt("power_state"), rs.getString("host"), rs.getString("node"), rs.getString("reservation_id"),
            rs.getInt("launch_index"), rs.getString("metadata"), rs.getString("network_info"),
            rs.getTimestamp("created_at"),
            rs.getTimestamp("updated_at"), rs.getTimestamp("launched_at"), rs.getTimestamp("terminated_at"),
            rs.getString("display_description"), rs.getString("hostname"),
            TrustedCerts.fromJson(rs.getString("trusted_certs")));

    private final JdbcClient jdbc;
    /** The name filter's regular expression match: PostgreSQL's operator, H2's function (both match anywhere). */
    private final String regexMatch;

    ServerRecords(JdbcClient jdbc, DataSource dataSource) {
        this.jdbc = jdbc;
        this.regexMatch = isPostgres(dataSource) ? "display_name ~ ?" : "REGEXP_LIKE(display_name, ?)";
    }

    private static boolean isPostgres(DataSource dataSource) {
        try {
            String product = JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName);
            return "PostgreSQL".equalsIgnoreCase(product);
        } catch (MetaDataAccessException e) {
            throw new IllegalStateException("cannot tell which database the Nova database is", e);
        }
    }

    /** All or none: a multi-create leaves nothing half-made. */
    @Transactional
    public void insert(List<NewServer> servers, Instant now) {
        for (NewServer s : servers) {
            jdbc.sql("INSERT INTO instances (uuid, display_name, project_id, user_id, flavorid, image_ref, vm_state,"
                            + " task_state, power_state, reservation_id, launch_index, metadata, admin_pass_hash,"
                            + " created_at, updated_at, display_description, hostname)"
                            + " VALUES (?, ?, ?, ?, ?, ?, 'building', 'scheduling', 0, ?, ?, ?, ?, ?, ?, ?, ?)")
                    .params(s.uuid(), s.displayName(), s.projectId(), s.userId(), s.flavorid(), s.imageRef(),
                            s.reservationId(), s.launchIndex(), s.metadata(), s.adminPassHash(), Timestamp.from(now),
                            Timestamp.from(now), s.description(), s.hostname())
                    .update();
            for (String tag : s.tags()) {
                jdbc.sql("INSERT INTO tags (resource_id, tag) VALUES (?, ?)").params(s.uuid(), tag).update();
            }
            if (s.trustedCerts() != null) {
                jdbc.sql("INSERT INTO instance_extra (instance_uuid, trusted_certs) VALUES (?, ?)")
                        .params(s.uuid(), TrustedCerts.toJson(s.trustedCerts())).update();
            }
        }
    }

    public Optional<ServerRow> find(String uuid) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM " + INSTANCES + " WHERE uuid = ? AND deleted = FALSE")
                .param(uuid).query(SERVER_ROW).optional();
    }

    /** A server deleted or not, as {@code os-instance-actions} reads it from microversion 2.21. */
    public Optional<ServerRow> findIncludingDeleted(String uuid) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM " + INSTANCES + " WHERE uuid = ?").param(uuid).query(SERVER_ROW)
                .optional();
    }

    /** The nova-compute services of these hosts, by host, in one query. */
    Map<String, ComputeServiceRow> computeServices(Collection<String> hosts) {
        Map<String, ComputeServiceRow> byHost = new HashMap<>();
        if (hosts.isEmpty()) {
            return byHost;
        }
        jdbc.sql("SELECT host, disabled, forced_down, COALESCE(updated_at, created_at) AS last_seen FROM services"
                        + " WHERE \"binary\" = 'nova-compute' AND host IN (" + placeholders(hosts.size()) + ")")
                .params(new ArrayList<>(hosts))
                .query((java.sql.ResultSet rs) -> {
                    byHost.put(rs.getString("host"), new ComputeServiceRow(rs.getString("host"),
                            rs.getBoolean("disabled"), rs.getBoolean("forced_down"), rs.getTimestamp("last_seen")));
                });
        return byHost;
    }

    /**
     * One page of a server list, newest first (Nova's default sort, {@code created_at} then id, descending), in one
     * query: the marker's place is read by the query itself. Unknown marker: {@link MarkerNotFound}.
     */
    List<ServerRow> page(ServerListQuery query) {
        if (query.limit() == 0) {
            return List.of();
        }
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM " + INSTANCES + " WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        if (query.projectId() != null) {
            sql.append(" AND project_id = ?");
            params.add(query.projectId());
        }
        if (query.deleted() != null) {
            sql.append(" AND deleted = ?");
            params.add(query.deleted());
        }
        if (query.changesSince() != null) {
            sql.append(" AND updated_at >= ?");
            params.add(Timestamp.from(query.changesSince()));
        }
        if (query.changesBefore() != null) {
            sql.append(" AND updated_at <= ?");
            params.add(Timestamp.from(query.changesBefore()));
        }
        if (query.name() != null) {
            sql.append(" AND ").append(regexMatch);
            params.add(query.name());
        }
        if (query.states() != null) {
            sql.append(" AND vm_state IN (").append(placeholders(query.states().vmStates().size())).append(')');
            params.addAll(query.states().vmStates());
            if (!query.states().anyTask()) {
                sql.append(" AND task_state IN (").append(placeholders(query.states().taskStates().size())).append(')');
                params.addAll(query.states().taskStates());
            }
        }
        if (query.host() != null) {
            sql.append(" AND host = ?");
            params.add(query.host());
        }
        tagFilters(query.tags(), sql, params);
        if (query.marker() != null) {
            // Keyset pagination: the rows after the marker's (created_at, uuid), whatever the marker's state.
            sql.append(" AND (created_at < (SELECT m.created_at FROM instances m WHERE m.uuid = ?)"
                    + " OR (created_at = (SELECT m.created_at FROM instances m WHERE m.uuid = ?) AND uuid < ?))");
            params.addAll(List.of(query.marker(), query.marker(), query.marker()));
        }
        sql.append(" ORDER BY created_at DESC, uuid DESC LIMIT ?");
        params.add(query.limit());
        List<ServerRow> rows = jdbc.sql(sql.toString()).params(params).query(SERVER_ROW).list();
        if (rows.isEmpty() && query.marker() != null && !exists(query.marker())) {
            throw new MarkerNotFound(query.marker());
        }
        return rows;
    }

    /**
     * Nova's tag filters: {@code tags} all of them, {@code tags-any} one of them, {@code not-tags} not all of them,
     * {@code not-tags-any} none of them.
     */
    private static void tagFilters(ServerListQuery.TagFilters tags, StringBuilder sql, List<Object> params) {
        String hasTag = "EXISTS (SELECT 1 FROM tags t WHERE t.resource_id = instances.uuid AND t.tag ";
        if (!tags.all().isEmpty()) {
            sql.append(" AND ").append(allTags(tags.all().size(), hasTag));
            params.addAll(tags.all());
        }
        if (!tags.any().isEmpty()) {
            sql.append(" AND ").append(hasTag).append("IN (").append(placeholders(tags.any().size())).append("))");
            params.addAll(tags.any());
        }
        if (!tags.notAll().isEmpty()) {
            sql.append(" AND NOT (").append(allTags(tags.notAll().size(), hasTag)).append(')');
            params.addAll(tags.notAll());
        }
        if (!tags.notAny().isEmpty()) {
            sql.append(" AND NOT ").append(hasTag).append("IN (").append(placeholders(tags.notAny().size()))
                    .append("))");
            params.addAll(tags.notAny());
        }
    }

    private static String allTags(int count, String hasTag) {
        return String.join(" AND ", java.util.Collections.nCopies(count, hasTag + "= ?)"));
    }

    /** The tags of each of these instances that has some, in one query, each server's in alphabetical order. */
    Map<String, List<String>> tags(Collection<String> uuids) {
        Map<String, List<String>> byServer = new HashMap<>();
        if (uuids.isEmpty()) {
            return byServer;
        }
        jdbc.sql("SELECT resource_id, tag FROM tags WHERE resource_id IN (" + placeholders(uuids.size())
                        + ") ORDER BY resource_id, tag")
                .params(new ArrayList<>(uuids))
                .query((java.sql.ResultSet rs) -> {
                    byServer.computeIfAbsent(rs.getString("resource_id"), k -> new ArrayList<>())
                            .add(rs.getString("tag"));
                });
        return byServer;
    }

    /** A server's tags become these, each once (Nova's {@code TagList.create}). */
    @Transactional
    public List<String> replaceTags(String uuid, List<String> tags) {
        jdbc.sql("DELETE FROM tags WHERE resource_id = ?").param(uuid).update();
        for (String tag : tags) {
            jdbc.sql("INSERT INTO tags (resource_id, tag) VALUES (?, ?)").params(uuid, tag).update();
        }
        return tags(List.of(uuid)).getOrDefault(uuid, List.of());
    }

    /**
     * Adds a tag unless the server has it or already has {@code maxTags}, atomically per server: the server's row is
     * locked first, so two requests cannot both add the 50th tag.
     */
    @Transactional
    public TagAdded addTag(String uuid, String tag, int maxTags) {
        jdbc.sql("SELECT uuid FROM instances WHERE uuid = ? FOR UPDATE").param(uuid).query(String.class).list();
        List<String> tags = tags(List.of(uuid)).getOrDefault(uuid, List.of());
        if (tags.contains(tag)) {
            return TagAdded.ALREADY_THERE;
        }
        if (tags.size() >= maxTags) {
            return TagAdded.TOO_MANY;
        }
        jdbc.sql("INSERT INTO tags (resource_id, tag) VALUES (?, ?)").params(uuid, tag).update();
        return TagAdded.ADDED;
    }

    /** What {@link #addTag} did. */
    public enum TagAdded { ADDED, ALREADY_THERE, TOO_MANY }

    /** Removes one tag; false when the server had no such tag. */
    public boolean removeTag(String uuid, String tag) {
        return jdbc.sql("DELETE FROM tags WHERE resource_id = ? AND tag = ?").params(uuid, tag).update() == 1;
    }

    public void removeTags(String uuid) {
        jdbc.sql("DELETE FROM tags WHERE resource_id = ?").param(uuid).update();
    }

    /** {@code PUT /servers/{id}}: sets the name, description and hostname the update gives. */
    void update(String uuid, ServerUpdateRequest update, Instant now) {
        StringBuilder sql = new StringBuilder("UPDATE instances SET updated_at = ?");
        List<@Nullable Object> params = new ArrayList<>(List.of(Timestamp.from(now)));
        if (update.name() != null) {
            sql.append(", display_name = ?");
            params.add(update.name());
        }
        if (update.setDescription()) {
            sql.append(", display_description = ?");
            params.add(update.description());
        }
        if (update.hostname() != null) {
            sql.append(", hostname = ?");
            params.add(update.hostname());
        }
        params.add(uuid);
        jdbc.sql(sql + " WHERE uuid = ? AND deleted = FALSE").params(params).update();
    }

    private boolean exists(String uuid) {
        return jdbc.sql("SELECT COUNT(*) FROM instances WHERE uuid = ?").param(uuid).query(Long.class).single() > 0;
    }

    private static String placeholders(int count) {
        return String.join(", ", java.util.Collections.nCopies(count, "?"));
    }

    /** A list's marker names no instance, deleted or not (Nova's {@code MarkerNotFound}). */
    static final class MarkerNotFound extends RuntimeException {

        MarkerNotFound(String marker) {
            super("marker [" + marker + "] not found");
        }
    }

    /**
     * Sets a task if the instance is in one of {@code vmStates} with no task running: the API's
     * {@code check_instance_state}, done atomically so two requests cannot both start a task.
     */
    public boolean startTask(String uuid, Set<String> vmStates, String taskState, Instant now) {
        String placeholders = String.join(", ", vmStates.stream().map(s -> "?").toList());
        List<Object> params = new ArrayList<>(List.of(taskState, Timestamp.from(now), uuid));
        params.addAll(vmStates);
        return jdbc.sql("UPDATE instances SET task_state = ?, updated_at = ? WHERE uuid = ? AND deleted = FALSE"
                + " AND task_state IS NULL AND vm_state IN (" + placeholders + ")").params(params).update() == 1;
    }

    /** A delete may start in any state but another delete, a build under way included, as in Nova. */
    public boolean startDelete(String uuid, Instant now) {
        return jdbc.sql("UPDATE instances SET task_state = 'deleting', updated_at = ? WHERE uuid = ? AND deleted = FALSE"
                + " AND (task_state IS NULL OR task_state <> 'deleting')").params(Timestamp.from(now), uuid).update() == 1;
    }

    /**
     * Nova's local delete, for an instance no compute host holds (or whose host is down): the instance is deleted
     * and its placement allocation removed, the node's usage given back, in one transaction. Only the process
     * whose DELETE removed the allocation gives it back, so a conductor releasing it at the same time cannot
     * count it twice.
     */
    @Transactional
    public void deleteLocally(String uuid, Instant now) {
        jdbc.sql("UPDATE instances SET vm_state = 'deleted', task_state = NULL, deleted = TRUE, deleted_at = ?,"
                + " terminated_at = ?, updated_at = ? WHERE uuid = ?")
                .params(Timestamp.from(now), Timestamp.from(now), Timestamp.from(now), uuid).update();
        record Allocation(long computeNodeId, int vcpus, int memoryMb, int diskGb) {
        }
        Optional<Allocation> held = jdbc.sql("SELECT compute_node_id, vcpus, memory_mb, disk_gb FROM allocations"
                + " WHERE consumer_uuid = ?").param(uuid).query(Allocation.class).optional();
        if (held.isPresent() && jdbc.sql("DELETE FROM allocations WHERE consumer_uuid = ? AND compute_node_id = ?")
                .params(uuid, held.get().computeNodeId()).update() == 1) {
            Allocation a = held.get();
            jdbc.sql("UPDATE compute_nodes SET vcpus_used = vcpus_used - ?, memory_mb_used = memory_mb_used - ?,"
                            + " local_gb_used = local_gb_used - ?, running_vms = running_vms - 1,"
                            + " generation = generation + 1 WHERE id = ?")
                    .params(a.vcpus(), a.memoryMb(), a.diskGb(), a.computeNodeId()).update();
        }
    }

    public void markError(String uuid, String message, Instant now) {
        jdbc.sql("UPDATE instances SET vm_state = 'error', task_state = NULL, updated_at = ? WHERE uuid = ?")
                .params(Timestamp.from(now), uuid).update();
        jdbc.sql("INSERT INTO instance_faults (instance_uuid, code, message, details, created_at) VALUES (?, 500, ?, '', ?)")
                .params(uuid, message.length() > 255 ? message.substring(0, 255) : message, Timestamp.from(now)).update();
    }

    public Optional<FaultRow> latestFault(String uuid) {
        return jdbc.sql("SELECT code, message, details, created_at FROM instance_faults WHERE instance_uuid = ?"
                + " ORDER BY id DESC FETCH FIRST 1 ROWS ONLY").param(uuid).query(FaultRow.class).optional();
    }

    /** The latest fault of each of these instances that has one, in one query (Nova's {@code fill_faults}). */
    public Map<String, FaultRow> latestFaults(Collection<String> uuids) {
        Map<String, FaultRow> latest = new HashMap<>();
        if (uuids.isEmpty()) {
            return latest;
        }
        jdbc.sql("SELECT instance_uuid, code, message, details, created_at FROM instance_faults"
                        + " WHERE instance_uuid IN (" + placeholders(uuids.size()) + ") ORDER BY id")
                .params(new ArrayList<>(uuids))
                .query((java.sql.ResultSet rs) -> {
                    latest.put(rs.getString("instance_uuid"), new FaultRow(rs.getInt("code"), rs.getString("message"),
                            rs.getString("details"), rs.getTimestamp("created_at")));
                });
        return latest;
    }

    /** Whether a compute node of this host (any host when null) and node (any when null) exists. */
    boolean computeNodeExists(@Nullable String host, @Nullable String hypervisorHostname) {
        return jdbc.sql("SELECT COUNT(*) FROM compute_nodes WHERE (CAST(? AS VARCHAR(255)) IS NULL OR host = ?)"
                        + " AND (CAST(? AS VARCHAR(255)) IS NULL OR hypervisor_hostname = ?)")
                .params(host, host, hypervisorHostname, hypervisorHostname).query(Long.class).single() > 0;
    }

    /** Whether the nova-compute service of a host reported since {@code since}. */
    public boolean computeServiceReportedSince(String host, Instant since) {
        return jdbc.sql("SELECT COUNT(*) FROM services WHERE host = ? AND \"binary\" = 'nova-compute'"
                        + " AND forced_down = FALSE AND COALESCE(updated_at, created_at) >= ?")
                .params(host, Timestamp.from(since)).query(Long.class).single() > 0;
    }

    /**
     * Nova's {@code instance_extra.trusted_certs}: the {@code TrustedCerts} object's primitive as JSON, so that a
     * row reads as Nova's would.
     */
    static final class TrustedCerts {

        private TrustedCerts() {
        }

        static String toJson(List<String> ids) {
            Map<String, Object> primitive = new java.util.LinkedHashMap<>();
            primitive.put("nova_object.name", "TrustedCerts");
            primitive.put("nova_object.namespace", "nova");
            primitive.put("nova_object.version", "1.0");
            primitive.put("nova_object.data", Map.of("ids", ids));
            primitive.put("nova_object.changes", List.of("ids"));
            return OsloJson.mapper().writeValueAsString(primitive);
        }

        static @Nullable List<String> fromJson(@Nullable String json) {
            if (json == null || json.isBlank()) {
                return null;
            }
            Map<?, ?> primitive = OsloJson.mapper().readValue(json, Map.class);
            if (!(primitive.get("nova_object.data") instanceof Map<?, ?> data)
                    || !(data.get("ids") instanceof List<?> ids)) {
                return null;
            }
            return ids.stream().map(String::valueOf).toList();
        }
    }
}
