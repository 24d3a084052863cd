package org.novasim.api.actions;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

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
                           String host) {
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

    public Optional<ActionRow> find(String instanceUuid, String requestId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM instance_actions WHERE instance_uuid = ? AND request_id = ?")
                .params(instanceUuid, requestId).query(ActionRow.class).optional();
    }

    public List<EventRow> events(long actionId) {
        return jdbc.sql("SELECT event, start_time, finish_time, result, traceback, host FROM instance_actions_events"
                + " WHERE action_id = ? ORDER BY start_time, id").param(actionId).query(EventRow.class).list();
    }
}
