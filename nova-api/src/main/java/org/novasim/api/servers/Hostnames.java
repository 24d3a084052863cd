package org.novasim.api.servers;

import java.util.Locale;

/** Nova's {@code utils.sanitize_hostname}, which makes an instance's default hostname from its display name. */
final class Hostnames {

    private Hostnames() {
    }

    /**
     * Latin-1 only, at most 63 characters, spaces, underscores and dots as hyphens, other punctuation dropped,
     * letters in Unicode's sense as Python's kept, lower case, no leading or trailing dot or hyphen; may be empty.
     */
    static String sanitize(String displayName) {
        String name = displayName.chars().filter(c -> c <= 0xFF)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        name = name.length() > 63 ? name.substring(0, 63) : name;
        name = name.replaceAll("[ _.]", "-").replaceAll("(?U)[^\\w.-]+", "").toLowerCase(Locale.ROOT);
        return name.replaceAll("^[.-]+|[.-]+$", "");
    }
}
