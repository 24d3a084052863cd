package org.novasim.api.actions;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import org.novasim.messaging.RequestContext;

/** {@code instance_actions} and their events, as the API records and shows them. */
@Repository
public class InstanceActionRecords {

    public record ActionRow(long id, String action, String instanceUuid, String requestId, String userId,
                            String projectId, Timestamp startTime, Timestamp finishTime, String message,
                            Timestamp updatedAt) {
    }

    public record EventRow(String event, Timestamp startTime, Timestamp finishTime, String result, String traceback,
                           String host, String details) {
    }

    /** A page of an instance's actions (2.58): at most {@code limit} after the marker's, updated in the window. */
    public record Page(int limit, @Nullable String marker, @Nullable Instant changesSince,
                       @Nullable Instant changesBefore) {
    }

    /** The marker names no action of the instance (Nova's {@code MarkerNotFound}). */
    public static final class MarkerNotFound extends RuntimeException {

        MarkerNotFound(String marker) {
            super("Marker " + marker + " could not be found.");
        }
    }

    private static final String COLUMNS = "id, action, instance_uuid, request_id, user_id, project_id, start_time,"
            + " finish_time, message, updated_at";

    private final JdbcClient jdbc;

    InstanceActionRecords(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Records that the context's request started {@code action} on the instance. */
    public void start(String instanceUuid, String action, RequestContext context, Instant now) {
        jdbc.sql("INSERT INTO instance_actions (action, instance_uuid, request_id, user_id, project_id, start_time,"
                        + " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
                .params(action, instanceUuid, context.requestId(), context.userId(), context.projectId(),
                        Timestamp.from(now), Timestamp.from(now)).update();
    }

    public List<ActionRow> list(String instanceUuid) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM instance_actions WHERE instance_uuid = ? ORDER BY start_time DESC, id DESC")
                .param(instanceUuid).query(ActionRow.class).list();
    }

    /** Newest first, as {@link #list}, from after the marker's action, in the page's window of updates. */
    public List<ActionRow> page(String instanceUuid, Page page) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM instance_actions WHERE instance_uuid = ?");
        List<Object> params = new ArrayList<>(List.of(instanceUuid));
        if (page.changesSince() != null) {
            sql.append(" AND updated_at >= ?");
            params.add(Timestamp.from(page.changesSince()));
        }
        if (page.changesBefore() != null) {
            sql.append(" AND updated_at <= ?");
            params.add(Timestamp.from(page.changesBefore()));
        }
        if (page.marker() != null) {
            ActionRow marker = find(instanceUuid, page.marker()).orElseThrow(() -> new MarkerNotFound(page.marker()));
            sql.append(" AND (start_time < ? OR (start_time = ? AND id < ?))");
            params.addAll(List.of(marker.startTime(), marker.startTime(), marker.id()));
        }
        sql.append(" ORDER BY start_time DESC, id DESC LIMIT ?");
        params.add(page.limit());
        return jdbc.sql(sql.toString()).params(params).query(ActionRow.class).list();
    }

    public Optional<ActionRow> find(String instanceUuid, String requestId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM instance_actions WHERE instance_uuid = ? AND request_id = ?")
                .params(instanceUuid, requestId).query(ActionRow.class).optional();
    }

    public List<EventRow> events(long actionId) {
        return jdbc.sql("SELECT event, start_time, finish_time, result, traceback, host, details"
                + " FROM instance_actions_events WHERE action_id = ? ORDER BY start_time, id").param(actionId)
                .query(EventRow.class).list();
    }
}
