package org.novasim.messaging.wire;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** oslo.messaging's version rule: same major, a minor (and revision) not above what is implemented. */
public final class Versions {

    /** Versions seen, parsed once: a handful in any deployment; bounded, since requests name them. */
    private static final Map<String, int[]> PARSED = new ConcurrentHashMap<>();
    private static final int PARSED_MAX = 256;

    private Versions() {
    }

    /**
     * oslo's {@code version_is_compatible(imp_version, version)}.
     *
     * @throws IllegalArgumentException if either version is not of the form {@code X.Y[.Z]}
     */
    public static boolean isCompatible(String implemented, String requested) {
        int[] imp = parse(implemented);
        int[] req = parse(requested);
        if (req[0] != imp[0]) {
            return false;
        }
        if (req[1] > imp[1]) {
            return false;
        }
        return !(req[1] == imp[1] && req[2] > imp[2]);
    }

    private static int[] parse(String version) {
        if (version == null) {
            throw new IllegalArgumentException("version is null");
        }
        int[] parsed = PARSED.get(version);
        if (parsed == null) {
            parsed = parseOnce(version);
            if (PARSED.size() < PARSED_MAX) {
                PARSED.put(version, parsed);
            }
        }
        return parsed;
    }

    private static int[] parseOnce(String version) {
        String[] parts = version.split("\\.");
        if (parts.length < 2 || parts.length > 3) {
            throw new IllegalArgumentException("not a version: " + version);
        }
        try {
            return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1]),
                    parts.length == 3 ? Integer.parseInt(parts[2]) : 0};
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a version: " + version, e);
        }
    }
}
