package org.novasim.conductor.db;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import org.novasim.messaging.wire.OsloJson;
import org.novasim.nova.compute.TaskState;
import org.novasim.nova.exception.InstanceNotFound;
import org.novasim.nova.exception.UnexpectedDeletingTaskStateError;
import org.novasim.nova.exception.UnexpectedTaskStateError;
import org.novasim.nova.objects.Flavor;

/** The {@code instances} table as the conductor changes it: on behalf of compute hosts, and to claim hosts. */
@Repository
public class InstanceRecords {

    /** What a compute host may change through the conductor: the Instance fields a save writes. */
    public static final Set<String> UPDATABLE = Set.of("vm_state", "task_state", "power_state", "host", "node",
            "launched_on", "launched_at", "network_info", "terminated_at", "deleted", "deleted_at");

    /** The states a save may expect. */
    private static final Set<String> EXPECTABLE = Set.of("task_state", "vm_state");

    /** An instance's row, as far as the conductor needs it. */
    public record InstanceRow(String uuid, String displayName, String projectId, String userId, String flavorid,
                              String imageRef, String vmState, String taskState, String host, String node) {
    }

    private final JdbcClient jdbc;

    public InstanceRecords(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<InstanceRow> find(String uuid) {
        return jdbc.sql("SELECT uuid, display_name, project_id, user_id, flavorid, image_ref, vm_state, task_state,"
                + " host, node FROM instances WHERE uuid = ? AND deleted = FALSE").param(uuid).query(InstanceRow.class).optional();
    }

    public Flavor flavor(String flavorid) {
        return jdbc.sql("SELECT flavorid, name, vcpus, memory_mb, root_gb, ephemeral_gb, swap, rxtx_factor, is_public,"
                + " disabled FROM flavors WHERE flavorid = ?").param(flavorid).query(Flavor.class).single();
    }

    /** Every column of a live instance's row, for its primitive (keys in lower case, whatever the database). */
    public Optional<Map<String, Object>> columns(String uuid) {
        return jdbc.sql("SELECT * FROM instances WHERE uuid = ? AND deleted = FALSE").param(uuid).query().listOfRows()
                .stream().findFirst();
    }

    /** The columns a list of instances may be filtered on by value (Nova's exact-match filters). */
    public static final Set<String> FILTERABLE = Set.of("host", "node", "vm_state", "task_state", "project_id");

    /**
     * Every column of the instances that match, newest first, as Nova's {@code instance_get_all_by_filters}: live or
     * deleted ones, each {@code anyOf} column (or {@code uuid}) at one of its values.
     */
    public List<Map<String, Object>> columnsWhere(boolean deleted, Map<String, List<String>> anyOf) {
        StringBuilder sql = new StringBuilder("SELECT * FROM instances WHERE deleted = ?");
        List<Object> params = new ArrayList<>(List.of(deleted));
        for (Map.Entry<String, List<String>> filter : anyOf.entrySet()) {
            if (!FILTERABLE.contains(filter.getKey()) && !filter.getKey().equals("uuid")) {
                throw new IllegalArgumentException("not a column to filter instances on: " + filter.getKey());
            }
            if (filter.getValue().isEmpty()) {
                return List.of();
            }
            sql.append(" AND ").append(filter.getKey()).append(" IN (").append(placeholders(filter.getValue().size()))
                    .append(")");
            params.addAll(filter.getValue());
        }
        return jdbc.sql(sql.append(" ORDER BY created_at DESC").toString()).params(params).query().listOfRows();
    }

    /**
     * Applies {@code updates} if the instance's states are among the {@code expected} ones (by column,
     * {@code task_state} or {@code vm_state}; a null element meaning none), in one conditional UPDATE, as Nova's
     * {@code instance_update_and_get_original} with {@code expected_task_state} and {@code expected_vm_state}.
     *
     * @throws InstanceNotFound if the instance is gone or deleted
     * @throws UnexpectedTaskStateError if a state was not the expected one ({@code UnexpectedDeletingTaskStateError}
     *                                  when the instance is being deleted)
     */
    public void save(String uuid, Map<String, Object> updates, Map<String, List<String>> expected, Instant now) {
        StringBuilder sql = new StringBuilder("UPDATE instances SET updated_at = ?");
        List<Object> params = new ArrayList<>();
        params.add(Timestamp.from(now));
        for (Map.Entry<String, Object> e : updates.entrySet()) {
            if (!UPDATABLE.contains(e.getKey())) {
                throw new IllegalArgumentException("instance field " + e.getKey() + " cannot be updated");
            }
            sql.append(", ").append(e.getKey()).append(" = ?");
            params.add(column(e.getKey(), e.getValue()));
        }
        sql.append(" WHERE uuid = ? AND deleted = FALSE");
        params.add(uuid);
        expected.forEach((state, values) -> {
            if (!EXPECTABLE.contains(state)) {
                throw new IllegalArgumentException("not an instance state: " + state);
            }
            List<String> named = values.stream().filter(s -> s != null).toList();
            List<String> condition = new ArrayList<>();
            if (!named.isEmpty()) {
                condition.add(state + " IN (" + placeholders(named.size()) + ")");
                params.addAll(named);
            }
            if (values.contains(null)) {
                condition.add(state + " IS NULL");
            }
            sql.append(" AND (").append(condition.isEmpty() ? "FALSE" : String.join(" OR ", condition)).append(")");
        });
        if (jdbc.sql(sql.toString()).params(params).update() == 0) {
            InstanceRow row = find(uuid).orElseThrow(() -> new InstanceNotFound(uuid));
            Map<String, Object> actual = new LinkedHashMap<>();
            expected.keySet().forEach(state -> actual.put(state, state.equals("vm_state") ? row.vmState() : row.taskState()));
            if (TaskState.DELETING.value().equals(row.taskState())) {
                throw new UnexpectedDeletingTaskStateError(uuid, expected, actual);
            }
            throw new UnexpectedTaskStateError(uuid, expected, actual);
        }
    }

    /** {@code ?, ?, ?}: one parameter per value of an IN list. */
    private static String placeholders(int count) {
        return String.join(", ", Collections.nCopies(count, "?"));
    }

    private static Object column(String field, Object value) {
        if (value == null) {
            return null;
        }
        return switch (field) {
            case "network_info" -> value instanceof String s ? s : OsloJson.mapper().writeValueAsString(value);
            case "launched_at", "terminated_at", "deleted_at" -> Timestamp.from(Instant.parse(value.toString()));
            default -> value;
        };
    }

    /** A build that has not finished: since when it has been building, and on which host's service. */
    public record BuildingRow(String uuid, String host, Timestamp createdAt, Timestamp hostLastSeen) {
    }

    /** Every instance still building, with the last report of its host's compute service (none if unclaimed). */
    public List<BuildingRow> building() {
        return jdbc.sql("""
                SELECT i.uuid, i.host, i.created_at, COALESCE(s.updated_at, s.created_at) AS host_last_seen
                FROM instances i LEFT JOIN services s ON s.host = i.host AND s."binary" = 'nova-compute'
                WHERE i.deleted = FALSE AND i.vm_state = 'building'
                """).query(BuildingRow.class).list();
    }

    /** Puts a build in ERROR unless it finished meanwhile; true if it did so. */
    public boolean failBuild(String uuid, Instant now) {
        return jdbc.sql("UPDATE instances SET vm_state = 'error', task_state = NULL, updated_at = ?"
                + " WHERE uuid = ? AND deleted = FALSE AND vm_state = 'building'")
                .params(Timestamp.from(now), uuid).update() == 1;
    }

    /** Claims a host for a scheduled instance: its resources count against the host from now on. */
    public boolean claim(String uuid, String host, String node) {
        return jdbc.sql("UPDATE instances SET host = ?, node = ? WHERE uuid = ? AND deleted = FALSE"
                + " AND vm_state = 'building'").params(host, node, uuid).update() == 1;
    }
}
