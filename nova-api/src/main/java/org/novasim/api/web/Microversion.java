package org.novasim.api.web;

/**
 * A compute API microversion, {@code 2.N}, from {@code OpenStack-API-Version: compute 2.N} or the legacy
 * {@code X-OpenStack-Nova-API-Version: 2.N}; none means 2.1 and {@code latest} the newest this API supports.
 */
public record Microversion(int major, int minor) implements Comparable<Microversion> {

    public static final Microversion MIN = new Microversion(2, 1);
    /** The newest this API answers: up to 2.37, where {@code networks} became required and may be auto or none. */
    public static final Microversion MAX = new Microversion(2, 37);

    public static Microversion parse(String text) {
        if (text == null || text.isBlank()) {
            return MIN;
        }
        String value = text.trim();
        if (value.toLowerCase().startsWith("compute ")) {
            value = value.substring("compute ".length()).trim();
        }
        if (value.equalsIgnoreCase("latest")) {
            return MAX;
        }
        String[] parts = value.split("\\.");
        try {
            if (parts.length != 2) {
                throw new NumberFormatException();
            }
            return new Microversion(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
        } catch (NumberFormatException e) {
            throw NovaApiException.badRequest("API Version String " + text + " is of invalid format. Must be of format"
                    + " MajorNum.MinorNum.");
        }
    }

    public boolean atLeast(int minor) {
        return this.minor >= minor;
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
