package org.novasim.api.web;

import java.sql.Timestamp;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The two ways Nova's API writes times: {@code 2024-01-01T00:00:00Z} and {@code 2013-09-23T13:37:00.880302}. */
public final class Timestamps {

    private static final DateTimeFormatter ISO_SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS")
            .withZone(ZoneOffset.UTC);

    private Timestamps() {
    }

    /** {@code created}, {@code updated}: seconds and a Z. */
    public static String iso(Timestamp t) {
        return t == null ? null : ISO_SECONDS.format(t.toInstant());
    }

    /** {@code OS-SRV-USG:launched_at}, action and service times: microseconds, no zone. */
    public static String micros(Timestamp t) {
        return t == null ? null : MICROS.format(t.toInstant());
    }
}
