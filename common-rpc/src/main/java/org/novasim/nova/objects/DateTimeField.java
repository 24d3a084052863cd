package org.novasim.nova.objects;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;

import org.jspecify.annotations.Nullable;

/**
 * Nova's {@code DateTimeField} on the wire ({@code utils.isotime}): seconds, UTC, {@code Z}; from an instant or from a
 * column as JDBC gives it.
 */
public final class DateTimeField {

    private DateTimeField() {
    }

    public static @Nullable String of(@Nullable Instant at) {
        return at == null ? null : at.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    public static @Nullable String ofColumn(@Nullable Object value) {
        return switch (value) {
            case Timestamp timestamp -> of(timestamp.toInstant());
            case LocalDateTime local -> of(Timestamp.valueOf(local).toInstant());
            case null, default -> null;
        };
    }
}
