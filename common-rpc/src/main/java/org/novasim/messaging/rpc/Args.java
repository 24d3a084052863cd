package org.novasim.messaging.rpc;

import java.util.LinkedHashMap;
import java.util.Map;

/** Keyword arguments for a call or cast; unlike {@code Map.of}, a value may be null (Python's None). */
public final class Args {

    private Args() {
    }

    /** {@code of("instance_id", id, "host", null)}: names and values in turn, kept in order. */
    public static Map<String, Object> of(Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("arguments come in name, value pairs");
        }
        Map<String, Object> args = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            args.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return args;
    }
}
