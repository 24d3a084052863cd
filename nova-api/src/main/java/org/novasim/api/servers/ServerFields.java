package org.novasim.api.servers;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.novasim.api.web.NovaApiException;

/**
 * The server fields a user may set on create and update, checked as Nova's {@code parameter_types} check them
 * ({@code name}, {@code description}, {@code tag}, {@code hostname}, {@code trusted_certs}); a bad value is a 400
 * that names the field.
 */
final class ServerFields {

    static final int MAX_LENGTH = 255;
    /** Nova's {@code objects.instance.MAX_TAG_COUNT}. */
    static final int MAX_TAGS = 50;
    /** Nova's {@code objects.tag.MAX_TAG_LENGTH}. */
    static final int MAX_TAG_LENGTH = 60;
    private static final int MAX_TRUSTED_CERTS = 50;
    private static final String HOSTNAME_REGEX = "^[a-zA-Z0-9]+[a-zA-Z0-9-]*[a-zA-Z0-9]+$";
    private static final Pattern HOSTNAME = Pattern.compile(HOSTNAME_REGEX);

    private ServerFields() {
    }

    static NovaApiException invalid(String field, String reason) {
        return NovaApiException.badRequest("Invalid input for field/attribute " + field + ". " + reason);
    }

    /** A server's name: 1 to 255 characters, not only blanks. */
    static String name(Object value) {
        if (value == null) {
            throw invalid("name", "'name' is a required property");
        }
        if (!(value instanceof String name)) {
            throw invalid("name", "Value: " + value + ". " + value + " is not of type 'string'");
        }
        if (name.isBlank() || name.length() > MAX_LENGTH) {
            throw invalid("name", "name must be 1 to " + MAX_LENGTH + " characters and not only blanks");
        }
        return name;
    }

    /** 2.19: null, or at most 255 printable characters (Nova's {@code valid_description_regex}). */
    static @Nullable String description(Object value) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof String d)) {
            throw invalid("description", "Value: " + value + ". " + value + " is not of type 'string', 'null'");
        }
        if (d.length() > MAX_LENGTH) {
            throw invalid("description", "Value: " + d + ". '" + d + "' is too long");
        }
        if (!d.chars().allMatch(ServerFields::printable)) {
            throw invalid("description", "Value: " + d + ". it holds characters that are not printable");
        }
        return d;
    }

    /**
     * Nova's {@code _is_printable} over the Basic Multilingual Plane it builds its pattern from: no control, format,
     * private-use, unassigned or surrogate character, and of the separators only spaces.
     */
    private static boolean printable(int c) {
        return switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.PRIVATE_USE, Character.SURROGATE,
                 Character.UNASSIGNED, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> false;
            default -> true;
        };
    }

    /** Nova's {@code parameter_types.tag}: 1 to 60 characters without ',' or '/'. */
    static boolean isTag(Object value) {
        return value instanceof String t && !t.isEmpty() && t.length() <= MAX_TAG_LENGTH && !t.contains(",")
                && !t.contains("/");
    }

    /** 2.52 on create, 2.26 for {@code PUT /tags}: at most 50 tags, duplicates kept once (Nova's tag set). */
    static List<String> tags(Object value) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> tags)) {
            throw invalid("tags", "Value: " + value + ". " + value + " is not of type 'array'");
        }
        if (tags.size() > MAX_TAGS) {
            throw invalid("tags", "Value: " + value + ". " + value + " is too long");
        }
        LinkedHashSet<String> kept = new LinkedHashSet<>();
        for (Object tag : tags) {
            if (!isTag(tag)) {
                throw invalid("tags", "Value: " + tag + ". a tag is 1 to " + MAX_TAG_LENGTH
                        + " characters without ',' or '/'");
            }
            kept.add((String) tag);
        }
        return List.copyOf(kept);
    }

    /** 2.63: null, or 1 to 50 distinct non-empty certificate ids. */
    static @Nullable List<String> trustedCerts(Object value) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof List<?> ids) || ids.isEmpty() || ids.size() > MAX_TRUSTED_CERTS
                || ids.stream().distinct().count() != ids.size()
                || !ids.stream().allMatch(id -> id instanceof String s && !s.isEmpty())) {
            throw invalid("trusted_image_certificates", "Value: " + value + ". it must be null or 1 to "
                    + MAX_TRUSTED_CERTS + " distinct certificate ids");
        }
        return ids.stream().map(String.class::cast).toList();
    }

    /** 2.90, when given: 2 to 63 letters, digits and hyphens, neither first nor last a hyphen (null is not). */
    static String hostname(Object value) {
        if (!(value instanceof String h) || h.length() < 2 || h.length() > 63 || !HOSTNAME.matcher(h).matches()) {
            throw invalid("hostname", "Value: " + value + ". '" + value + "' does not match '" + HOSTNAME_REGEX + "'");
        }
        return h;
    }
}
