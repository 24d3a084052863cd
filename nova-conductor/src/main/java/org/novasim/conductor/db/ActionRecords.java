package org.novasim.conductor.db;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import org.novasim.messaging.RequestContext;

/**
 * {@code instance_actions} and their events: each API request on an instance is an action (keyed by its request id),
 * each step a service takes for it an event with a start, a finish and a result.
 */
@Repository
public class ActionRecords {

    public static final String SUCCESS = "Success";
    public static final String ERROR = "Error";
    /** The action of a boot, as nova-api records it. */
    public static final String CREATE = "create";

    private final JdbcClient jdbc;

    public ActionRecords(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Starts the action of the context's request on the instance, once. */
    public long start(String instanceUuid, String action, RequestContext context, Instant now) {
        Optional<Long> existing = id(instanceUuid, context.requestId());
        if (existing.isPresent()) {
            return existing.get();
        }
        try {
            jdbc.sql("INSERT INTO instance_actions (action, instance_uuid, request_id, user_id, project_id, start_time,"
                            + " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
                    .params(action, instanceUuid, context.requestId(), context.userId(), context.projectId(),
                            Timestamp.from(now), Timestamp.from(now)).update();
        } catch (DuplicateKeyException raced) {
            // another event of the same request got there first
        }
        return id(instanceUuid, context.requestId()).orElseThrow();
    }

    public void eventStart(long actionId, String event, String host, Instant now) {
        jdbc.sql("INSERT INTO instance_actions_events (action_id, event, start_time, host) VALUES (?, ?, ?, ?)")
                .params(actionId, event, Timestamp.from(now), host).update();
        touch(actionId, now);
    }

    /** Finishes the latest unfinished event of that name; an Error marks the action's message, as Nova does. */
    public void eventFinish(long actionId, String event, String result, String traceback, String details,
                            Instant now) {
        jdbc.sql("UPDATE instance_actions_events SET finish_time = ?, result = ?, traceback = ?, details = ? WHERE id ="
                        + " (SELECT MAX(id) FROM instance_actions_events WHERE action_id = ? AND event = ? AND finish_time IS NULL)")
                .params(Timestamp.from(now), result, traceback, details, actionId, event).update();
        if (ERROR.equals(result)) {
            jdbc.sql("UPDATE instance_actions SET message = ? WHERE id = ?").params(ERROR, actionId).update();
        }
        jdbc.sql("UPDATE instance_actions SET finish_time = ?, updated_at = ? WHERE id = ?")
                .params(Timestamp.from(now), Timestamp.from(now), actionId).update();
    }

    private void touch(long actionId, Instant now) {
        jdbc.sql("UPDATE instance_actions SET updated_at = ? WHERE id = ?").params(Timestamp.from(now), actionId).update();
    }

    private Optional<Long> id(String instanceUuid, String requestId) {
        return jdbc.sql("SELECT id FROM instance_actions WHERE instance_uuid = ? AND request_id = ?")
                .params(instanceUuid, requestId).query(Long.class).optional();
    }
}
