package org.novasim.conductor.db;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code services} table: one row per service binary and host, touched by every heartbeat. */
@Repository
public class ServiceRecords {

    private final JdbcClient jdbc;
    private final JdbcTemplate jdbcTemplate;

    public ServiceRecords(JdbcClient jdbc, JdbcTemplate jdbcTemplate) {
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
    }

    /** Heartbeats of one service coalesced: the last one's time and topic, and how many there were. */
    public record Heartbeat(String host, String binary, String topic, Instant at, int count) {
    }

    /** Records heartbeats of services that exist, in one batch; per heartbeat, the rows updated (0: no such service). */
    public int[] heartbeats(List<Heartbeat> beats) {
        return jdbcTemplate.batchUpdate("UPDATE services SET report_count = report_count + ?, updated_at = ?, topic = ?"
                        + " WHERE host = ? AND \"binary\" = ?", beats, beats.size(), (ps, beat) -> {
                    ps.setInt(1, beat.count());
                    ps.setTimestamp(2, Timestamp.from(beat.at()));
                    ps.setString(3, beat.topic());
                    ps.setString(4, beat.host());
                    ps.setString(5, beat.binary());
                })[0];
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
