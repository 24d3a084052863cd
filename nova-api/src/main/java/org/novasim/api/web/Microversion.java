package org.novasim.api.web;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * A compute API microversion, {@code 2.N}, read as Nova Zed reads it (microversion_parse, then
 * {@code APIVersionRequest}): {@code OpenStack-API-Version: compute 2.N} first, else the legacy
 * {@code X-OpenStack-Nova-API-Version: 2.N}; none means 2.1 and {@code latest} the newest this API supports.
 */
public record Microversion(int major, int minor) implements Comparable<Microversion> {

    public static final Microversion MIN = new Microversion(2, 1);
    /** The newest this API answers, Nova Zed's maximum. */
    public static final Microversion MAX = new Microversion(2, 93);

    private static final String SERVICE = "compute";

    /**
     * The version a request asks for from its two headers (either may be null).
     *
     * @throws NovaApiException 400 when the version is not {@code MajorNum.MinorNum} or {@code latest}
     */
    public static Microversion of(@Nullable String standardHeader, @Nullable String legacyHeader) {
        String asked = compute(standardHeader);
        if (asked == null) {
            asked = legacyHeader == null ? null : legacyHeader.strip();
        }
        if (asked == null) {
            return MIN;
        }
        if (asked.equals("latest")) {
            return MAX;
        }
        if (!asked.matches("[1-9]\\d{0,8}\\.([1-9]\\d{0,8}|0)")) {
            throw NovaApiException.badRequest("API Version String " + asked + " is of invalid format. Must be of"
                    + " format MajorNum.MinorNum.");
        }
        String[] parts = asked.split("\\.");
        return new Microversion(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
    }

    /** The compute entry of {@code OpenStack-API-Version: compute 2.60[, other-service 1.2]}; null when none. */
    private static @Nullable String compute(@Nullable String header) {
        if (header == null) {
            return null;
        }
        for (String entry : header.split(",")) {
            String[] words = entry.strip().split("\\s+", 2);
            if (words.length == 2 && words[0].toLowerCase(Locale.ROOT).equals(SERVICE)) {
                return words[1].strip();
            }
        }
        return null;
    }

    /** Whether a change of the API is in effect at this version. */
    public boolean has(MicroversionChange change) {
        return atLeast(change.since());
    }

    public boolean atLeast(int minor) {
        return major > 2 || (major == 2 && this.minor >= minor);
    }

    public boolean supported() {
        return compareTo(MIN) >= 0 && compareTo(MAX) <= 0;
    }

    @Override
    public int compareTo(Microversion o) {
        return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}
