package org.novasim.conductor.objects;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;

import org.jspecify.annotations.Nullable;

/** Nova's DateTimeField on the wire: seconds, UTC, {@code Z}; from an instant or a column as JDBC gives it. */
final class WireTime {

    private WireTime() {
    }

    static @Nullable String of(@Nullable Instant at) {
        return at == null ? null : at.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    static @Nullable String ofColumn(@Nullable Object value) {
        return switch (value) {
            case Timestamp timestamp -> of(timestamp.toInstant());
            case LocalDateTime local -> of(Timestamp.valueOf(local).toInstant());
            case null, default -> null;
        };
    }
}
