package org.novasim.messaging.config;

import java.time.Duration;

/**
 * Checks for {@code @ConfigurationProperties} records: a value that cannot work stops the service at start with one
 * line, {@code <property> is '<value>': it must be <what is allowed>}, which Spring Boot's failure analysis prints as
 * the reason, rather than failing later somewhere else.
 */
public final class PropertyChecks {

    private PropertyChecks() {
    }

    public static IllegalArgumentException invalid(String property, Object value, String allowed) {
        return new IllegalArgumentException(property + " is '" + value + "': it must be " + allowed);
    }

    public static void atLeast(String property, long value, long minimum) {
        if (value < minimum) {
            throw invalid(property, value, minimum + " or more");
        }
    }

    public static void positive(String property, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw invalid(property, value, "a duration above zero, such as 10s");
        }
    }

    public static void notNegative(String property, Duration value) {
        if (value == null || value.isNegative()) {
            throw invalid(property, value, "a duration of zero or more, such as 1s");
        }
    }

    public static void notBlank(String property, String value) {
        if (value == null || value.isBlank()) {
            throw invalid(property, value == null ? "" : value, "given, not empty");
        }
    }

    public static void oneOf(String property, String value, String... allowed) {
        if (!java.util.Arrays.asList(allowed).contains(value)) {
            throw invalid(property, value, "one of " + String.join(", ", allowed));
        }
    }
}
