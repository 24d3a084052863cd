package org.novasim.conductor.db;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code services} table: one row per service binary and host, touched by every heartbeat. */
@Repository
public class ServiceRecords {

    private final JdbcClient jdbc;

    public ServiceRecords(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Records a heartbeat; true when this is the service's first report (the row was created). */
    public boolean heartbeat(String host, String binary, String topic, Instant now) {
        Timestamp at = Timestamp.from(now);
        int updated = jdbc.sql("UPDATE services SET report_count = report_count + 1, updated_at = ?, topic = ?"
                        + " WHERE host = ? AND \"binary\" = ?")
                .params(at, topic, host, binary).update();
        if (updated == 1) {
            return false;
        }
        try {
            jdbc.sql("INSERT INTO services (uuid, host, \"binary\", topic, report_count, created_at, updated_at)"
                            + " VALUES (?, ?, ?, ?, 1, ?, ?)")
                    .params(UUID.randomUUID().toString(), host, binary, topic, at, at).update();
            return true;
        } catch (DuplicateKeyException raced) {
            return heartbeat(host, binary, topic, now);
        }
    }
}
