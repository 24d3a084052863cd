package org.novasim.conductor.db;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
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

    /** A heartbeat of a service: its report_count as the service counted it, and when. */
    public record Heartbeat(long serviceId, int reportCount, Instant at) {
    }

    /**
     * Records heartbeats of services, in one batch, as Nova's {@code service_update} of {@code report_count} does
     * (with {@code last_seen_up}); per heartbeat, the rows updated (0: no such service).
     */
    public int[] heartbeats(List<Heartbeat> beats) {
        return jdbcTemplate.batchUpdate("UPDATE services SET report_count = ?, updated_at = ?, last_seen_up = ?"
                        + " WHERE id = ?", beats, beats.size(),
                (ps, beat) -> {
                    ps.setInt(1, beat.reportCount());
                    ps.setTimestamp(2, Timestamp.from(beat.at()));
                    ps.setTimestamp(3, Timestamp.from(beat.at()));
                    ps.setLong(4, beat.serviceId());
                })[0];
    }

    /** Records a heartbeat; true when this is the service's first report (the row was created). */
    public boolean heartbeat(String host, String binary, String topic, Instant now) {
        Timestamp at = Timestamp.from(now);
        int updated = jdbc.sql("UPDATE services SET report_count = report_count + 1, updated_at = ?, last_seen_up = ?,"
                        + " topic = ? WHERE host = ? AND \"binary\" = ?")
                .params(at, at, topic, host, binary).update();
        if (updated == 1) {
            return false;
        }
        try {
            jdbc.sql("INSERT INTO services (uuid, host, \"binary\", topic, report_count, created_at, updated_at,"
                            + " last_seen_up) VALUES (?, ?, ?, ?, 1, ?, ?, ?)")
                    .params(UUID.randomUUID().toString(), host, binary, topic, at, at, at).update();
            return true;
        } catch (DuplicateKeyException raced) {
            return heartbeat(host, binary, topic, now);
        }
    }

    /** A service's row, as Nova's {@code Service} object reads it. */
    public record ServiceRow(long id, String uuid, String host, String binary, String topic, int reportCount,
                             boolean disabled, @Nullable String disabledReason, boolean forcedDown, int version,
                             @Nullable Instant lastSeenUp, Instant createdAt, @Nullable Instant updatedAt) {
    }

    /** The columns Nova's {@code service_update} may write, by the Service object's field names. */
    public static final Set<String> UPDATABLE = Set.of("host", "binary", "topic", "report_count", "disabled",
            "disabled_reason", "forced_down", "version", "uuid");

    private static final String COLUMNS = "id, uuid, host, \"binary\", topic, report_count, disabled, disabled_reason,"
            + " forced_down, version, last_seen_up, created_at, updated_at";

    private static final RowMapper<ServiceRow> ROW = (rs, n) -> new ServiceRow(rs.getLong("id"), rs.getString("uuid"),
            rs.getString("host"), rs.getString("binary"), rs.getString("topic"), rs.getInt("report_count"),
            rs.getBoolean("disabled"), rs.getString("disabled_reason"), rs.getBoolean("forced_down"),
            rs.getInt("version"), instant(rs.getTimestamp("last_seen_up")), instant(rs.getTimestamp("created_at")),
            instant(rs.getTimestamp("updated_at")));

    public Optional<ServiceRow> find(String host, String binary) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM services WHERE host = ? AND \"binary\" = ?")
                .params(host, binary).query(ROW).optional();
    }

    public Optional<ServiceRow> find(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM services WHERE id = ?").param(id).query(ROW).optional();
    }

    /** A new service's row, as Nova's {@code service_create}; empty if one of that host and binary is there. */
    public Optional<ServiceRow> create(String uuid, String host, String binary, String topic, int reportCount,
                                       int version, Instant now) {
        try {
            jdbc.sql("INSERT INTO services (uuid, host, \"binary\", topic, report_count, version, created_at)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?)")
                    .params(uuid, host, binary, topic, reportCount, version, Timestamp.from(now)).update();
        } catch (DuplicateKeyException exists) {
            return Optional.empty();
        }
        return find(host, binary);
    }

    /**
     * Nova's {@code service_update}: the given columns written, {@code updated_at} now, and {@code last_seen_up} now
     * if {@code report_count} went up (a heartbeat). Columns not in {@link #UPDATABLE} are refused by the caller.
     */
    public Optional<ServiceRow> update(long id, Map<String, Object> values, Instant now) {
        if (!UPDATABLE.containsAll(values.keySet())) {
            throw new IllegalArgumentException("not columns of services: " + values.keySet());
        }
        Optional<ServiceRow> before = find(id);
        if (before.isEmpty()) {
            return before;
        }
        StringBuilder sql = new StringBuilder("UPDATE services SET updated_at = ?");
        List<Object> params = new ArrayList<>(List.of(Timestamp.from(now)));
        values.forEach((field, value) -> {
            sql.append(", ").append(field.equals("binary") ? "\"binary\"" : field).append(" = ?");
            params.add(value);
        });
        Object reportCount = values.get("report_count");
        if (reportCount instanceof Number count && count.intValue() > before.get().reportCount()) {
            sql.append(", last_seen_up = ?");
            params.add(Timestamp.from(now));
        }
        sql.append(" WHERE id = ?");
        params.add(id);
        jdbc.sql(sql.toString()).params(params).update();
        return find(id);
    }

    private static @Nullable Instant instant(@Nullable Timestamp at) {
        return at == null ? null : at.toInstant();
    }
}
