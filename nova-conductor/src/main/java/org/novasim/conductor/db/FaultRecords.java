package org.novasim.conductor.db;

import java.sql.Timestamp;
import java.time.Instant;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/** The {@code instance_faults} table: why an instance failed, shown by the API on an ERROR server. */
@Repository
public class FaultRecords {

    private static final int MESSAGE_LENGTH = 255;

    private final JdbcClient jdbc;

    public FaultRecords(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Records a fault; true, so that it can end a condition ({@code failBuild(...) && create(...)}). */
    public boolean create(String instanceUuid, int code, String message, String details, String host, Instant now) {
        insert(instanceUuid, code, message, details, host, now);
        return true;
    }

    /** Records a fault, its message cut to the column as Nova cuts it; its id. */
    public long insert(String instanceUuid, int code, String message, String details, String host, Instant now) {
        String text = message.length() > MESSAGE_LENGTH ? message.substring(0, MESSAGE_LENGTH) : message;
        KeyHolder id = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO instance_faults (instance_uuid, code, message, details, host, created_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?)")
                .params(instanceUuid, code, text, details, host, Timestamp.from(now)).update(id, "id");
        return id.getKeyAs(Number.class).longValue();
    }
}
