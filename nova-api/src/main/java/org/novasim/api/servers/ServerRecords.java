package org.novasim.api.servers;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** The {@code instances} table as the API reads and changes it. */
@Repository
public class ServerRecords {

    /** An instance's row as the API shows it. */
    public record ServerRow(String uuid, String displayName, String projectId, String userId, String flavorid,
                            String imageRef, String vmState, String taskState, int powerState, String host, String node,
                            String reservationId, String metadata, String networkInfo, Timestamp createdAt,
                            Timestamp updatedAt, Timestamp launchedAt, Timestamp terminatedAt) {
    }

    /** A new instance to insert, building and scheduling. */
    public record NewServer(String uuid, String displayName, String projectId, String userId, String flavorid,
                            String imageRef, String reservationId, int launchIndex, String metadata,
                            String adminPassHash) {
    }

    public record FaultRow(int code, String message, String details, Timestamp createdAt) {
    }

    private static final String COLUMNS = "uuid, display_name, project_id, user_id, flavorid, image_ref, vm_state,"
            + " task_state, power_state, host, node, reservation_id, metadata, network_info, created_at, updated_at,"
            + " launched_at, terminated_at";

    private final JdbcClient jdbc;

    ServerRecords(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** All or none: a multi-create leaves nothing half-made. */
    @Transactional
    public void insert(List<NewServer> servers, Instant now) {
        for (NewServer s : servers) {
            jdbc.sql("INSERT INTO instances (uuid, display_name, project_id, user_id, flavorid, image_ref, vm_state,"
                            + " task_state, power_state, reservation_id, launch_index, metadata, admin_pass_hash,"
                            + " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'building', 'scheduling', 0, ?, ?, ?, ?, ?, ?)")
                    .params(s.uuid(), s.displayName(), s.projectId(), s.userId(), s.flavorid(), s.imageRef(),
                            s.reservationId(), s.launchIndex(), s.metadata(), s.adminPassHash(), Timestamp.from(now),
                            Timestamp.from(now))
                    .update();
        }
    }

    public Optional<ServerRow> find(String uuid) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM instances WHERE uuid = ? AND deleted = FALSE")
                .param(uuid).query(ServerRow.class).optional();
    }

    /** The servers of a project, or of every project when it is null, newest first. */
    public List<ServerRow> list(String projectId) {
        return projectId == null
                ? jdbc.sql("SELECT " + COLUMNS + " FROM instances WHERE deleted = FALSE ORDER BY created_at DESC, uuid")
                        .query(ServerRow.class).list()
                : jdbc.sql("SELECT " + COLUMNS + " FROM instances WHERE deleted = FALSE AND project_id = ?"
                        + " ORDER BY created_at DESC, uuid").param(projectId).query(ServerRow.class).list();
    }

    /**
     * Sets a task if the instance is in one of {@code vmStates} with no task running: the API's
     * {@code check_instance_state}, done atomically so two requests cannot both start a task.
     */
    public boolean startTask(String uuid, Set<String> vmStates, String taskState, Instant now) {
        String placeholders = String.join(", ", vmStates.stream().map(s -> "?").toList());
        List<Object> params = new java.util.ArrayList<>(List.of(taskState, Timestamp.from(now), uuid));
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

    /** Whether the nova-compute service of a host reported since {@code since}. */
    public boolean computeServiceReportedSince(String host, Instant since) {
        return jdbc.sql("SELECT COUNT(*) FROM services WHERE host = ? AND \"binary\" = 'nova-compute'"
                        + " AND forced_down = FALSE AND COALESCE(updated_at, created_at) >= ?")
                .params(host, Timestamp.from(since)).query(Long.class).single() > 0;
    }
}
