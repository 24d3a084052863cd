package org.novasim.conductor.db;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import org.novasim.messaging.wire.OsloJson;
import org.novasim.nova.exception.InstanceNotFound;
import org.novasim.nova.exception.UnexpectedTaskStateError;
import org.novasim.nova.objects.Flavor;
import org.novasim.nova.objects.Instance;

/** The {@code instances} table as the conductor changes it: on behalf of compute hosts, and to claim hosts. */
@Repository
public class InstanceRecords {

    /** What a compute host may change through the conductor. */
    private static final Set<String> UPDATABLE = Set.of("vm_state", "task_state", "power_state", "host", "node",
            "launched_on", "launched_at", "network_info", "terminated_at", "deleted", "deleted_at");

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

    public Instance instance(InstanceRow row) {
        return new Instance(row.uuid(), row.displayName(), row.projectId(), row.userId(), flavor(row.flavorid()),
                row.imageRef(), row.host(), row.node(), row.vmState(), row.taskState(), null, null);
    }

    /**
     * Applies {@code updates}; with {@code expectedTaskState}, only if the task_state is one of those (a null
     * element meaning none), as {@code instance.save(expected_task_state=...)}.
     */
    public void update(String uuid, Map<String, Object> updates, List<String> expectedTaskState, Instant now) {
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
        if (expectedTaskState != null) {
            List<String> states = expectedTaskState.stream().filter(s -> s != null).toList();
            StringBuilder condition = new StringBuilder();
            if (!states.isEmpty()) {
                condition.append("task_state IN (").append(String.join(", ", states.stream().map(s -> "?").toList())).append(")");
                params.addAll(states);
            }
            if (expectedTaskState.contains(null)) {
                condition.append(condition.isEmpty() ? "" : " OR ").append("task_state IS NULL");
            }
            sql.append(" AND (").append(condition).append(")");
        }
        if (jdbc.sql(sql.toString()).params(params).update() == 0) {
            InstanceRow row = find(uuid).orElseThrow(() -> new InstanceNotFound(uuid));
            throw new UnexpectedTaskStateError(uuid, String.valueOf(expectedTaskState), row.taskState());
        }
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
