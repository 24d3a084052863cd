package org.novasim.api.web;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/** Query values read as Nova reads them: a page's {@code limit}, booleans and times as oslo reads them. */
public final class QueryValues {

    private static final Pattern NON_NEGATIVE_INTEGER = Pattern.compile("[0-9]*");
    /** What oslo's {@code timeutils.parse_isotime} (the iso8601 library) reads: a date, a time, a zone. */
    private static final Pattern ISO_TIME = Pattern.compile("(\\d{4})-(\\d{2})-(\\d{2})"
            + "(?:[T ](\\d{2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d{1,9})\\d*)?)?)?\\s*(Z|[+-]\\d{2}(?::?\\d{2})?)?");

    private static final List<String> BOOLEAN_STRINGS = List.of("0", "1", "f", "false", "n", "no", "off", "on", "t",
            "true", "y", "yes");
    private static final Set<String> TRUE_STRINGS = Set.of("1", "t", "true", "on", "y", "yes");

    private QueryValues() {
    }

    /** oslo's strict {@code bool_from_string}: anything but a boolean word is 400 (Nova's InvalidInput). */
    public static boolean strictBoolean(String value) {
        String normalized = value.strip().toLowerCase(Locale.ROOT);
        if (!BOOLEAN_STRINGS.contains(normalized)) {
            throw NovaApiException.badRequest("Unrecognized value '" + value + "', acceptable values are: "
                    + String.join(", ", BOOLEAN_STRINGS.stream().map(s -> "'" + s + "'").toList()));
        }
        return TRUE_STRINGS.contains(normalized);
    }

    /** oslo's {@code bool_from_string} with a default of false: anything not true is false. */
    public static boolean lenientBoolean(String value) {
        return TRUE_STRINGS.contains(value.strip().toLowerCase(Locale.ROOT));
    }

    /**
     * A page's size: the {@code limit} asked for (null: none), never above the maximum, as Nova's
     * {@code get_limit_and_marker}; 400 in the words of the query schema when it is not a non-negative integer.
     */
    public static int limit(@Nullable String asked, int maxLimit) {
        if (asked == null) {
            return maxLimit;
        }
        if (!NON_NEGATIVE_INTEGER.matcher(asked).matches()) {
            throw NovaApiException.badRequest("Invalid input for query parameters limit. Value: " + asked + ". '"
                    + asked + "' does not match '^[0-9]*$'");
        }
        if (asked.isEmpty()) {
            throw NovaApiException.badRequest("Invalid input for query parameters limit. Value: . '' is too short");
        }
        String significant = asked.replaceFirst("^0+(?=.)", "");
        return significant.length() > 9 ? maxLimit : Math.min(maxLimit, Integer.parseInt(significant));
    }

    /** A query parameter that must be a date-time (null when absent); 400 in the query schema's words. */
    public static @Nullable Instant time(String parameter, @Nullable String value) {
        if (value == null) {
            return null;
        }
        Instant time = isoTime(value);
        if (time == null) {
            throw NovaApiException.badRequest("Invalid input for query parameters " + parameter + ". Value: " + value
                    + ". '" + value + "' is not a 'date-time'");
        }
        return time;
    }

    /** A time as oslo reads it, UTC when it names no zone; null when it is none. */
    public static @Nullable Instant isoTime(String text) {
        Matcher m = ISO_TIME.matcher(text.strip());
        if (!m.matches()) {
            return null;
        }
        try {
            String fraction = m.group(7) == null ? "0" : (m.group(7) + "00000000").substring(0, 9);
            LocalDateTime local = LocalDateTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)), number(m.group(4)), number(m.group(5)), number(m.group(6)),
                    Integer.parseInt(fraction));
            ZoneOffset zone = m.group(8) == null || m.group(8).equals("Z") ? ZoneOffset.UTC : offset(m.group(8));
            return local.toInstant(zone);
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static ZoneOffset offset(String text) {
        String digits = text.replace(":", "");
        return digits.length() == 3 ? ZoneOffset.of(digits) : ZoneOffset.of(digits.substring(0, 3) + ":"
                + digits.substring(3));
    }

    private static int number(@Nullable String digits) {
        return digits == null ? 0 : Integer.parseInt(digits);
    }
}
