package org.novasim.api.web;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The part of Nova's query schemas ({@code additionalProperties: false}) that refuses parameters it does not know,
 * in jsonschema's words: from 2.75 for servers and flavors, always where the schema was strict from the start.
 */
public final class QuerySchema {

    private QuerySchema() {
    }

    /** 400 when a parameter is neither known nor (where Nova allows it) internal, {@code _...}. */
    public static void requireKnown(Map<String, String[]> parameters, Set<String> known, boolean underscoreAllowed) {
        List<String> unexpected = parameters.keySet().stream()
                .filter(p -> !known.contains(p) && !(underscoreAllowed && p.startsWith("_")))
                .sorted().toList();
        if (!unexpected.isEmpty()) {
            String names = unexpected.stream().map(p -> "'" + p + "'").collect(Collectors.joining(", "));
            throw NovaApiException.badRequest("Additional properties are not allowed (" + names
                    + (unexpected.size() == 1 ? " was" : " were") + " unexpected)");
        }
    }
}
