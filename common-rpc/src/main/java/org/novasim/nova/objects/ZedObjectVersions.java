package org.novasim.nova.objects;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code object_versions} a Zed service sends with a remotable classmethod: the class's version and those of
 * every class it may hold, as Nova's {@code obj_tree_get_versions} gives them (captured from python3-nova 26.2.2 by
 * {@code bench/zed-conductor-capture.py}).
 */
public final class ZedObjectVersions {

    public static final Map<String, String> SERVICE = ordered("Service", "1.22", "ComputeNode", "1.19", "HVSpec",
            "1.2", "PciDevicePoolList", "1.1", "PciDevicePool", "1.1");
    public static final Map<String, String> COMPUTE_NODE = ordered("ComputeNode", "1.19", "HVSpec", "1.2",
            "PciDevicePoolList", "1.1", "PciDevicePool", "1.1");
    public static final Map<String, String> INSTANCE_ACTION_EVENT = ordered("InstanceActionEvent", "1.4");

    private ZedObjectVersions() {
    }

    private static Map<String, String> ordered(String... pairs) {
        Map<String, String> versions = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            versions.put(pairs[i], pairs[i + 1]);
        }
        return Collections.unmodifiableMap(versions);
    }
}
