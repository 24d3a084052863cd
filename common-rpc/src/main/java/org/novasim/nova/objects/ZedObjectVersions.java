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
    public static final Map<String, String> COMPUTE_NODE_LIST = withFirst("ComputeNodeList", "1.17", COMPUTE_NODE);
    public static final Map<String, String> INSTANCE_ACTION_EVENT = ordered("InstanceActionEvent", "1.4");
    /** Instance's tree, as Zed sends it with {@code Instance.get_by_uuid}. */
    public static final Map<String, String> INSTANCE = ordered("Instance", "2.7", "ServiceList", "1.19", "Service",
            "1.22", "ComputeNode", "1.19", "HVSpec", "1.2", "PciDevicePoolList", "1.1", "PciDevicePool", "1.1",
            "InstanceInfoCache", "1.5", "SecurityGroupList", "1.1", "SecurityGroup", "1.2", "InstanceFault", "1.2",
            "PciDeviceList", "1.3", "PciDevice", "1.7", "InstanceNUMATopology", "1.3", "InstanceNUMACell", "1.6",
            "VirtCPUTopology", "1.0", "InstancePCIRequests", "1.1", "InstancePCIRequest", "1.4",
            "InstanceDeviceMetadata", "1.0", "DeviceMetadata", "1.0", "DeviceBus", "1.0", "TagList", "1.1", "Tag",
            "1.1", "Flavor", "1.2", "VirtCPUModel", "1.0", "VirtCPUFeature", "1.0", "EC2Ids", "1.0",
            "MigrationContext", "1.2", "ResourceList", "1.0", "Resource", "1.0", "ResourceMetadata", "1.0",
            "KeyPairList", "1.3", "KeyPair", "1.4", "TrustedCerts", "1.0");
    /** InstanceList's: Instance's, under the list. */
    public static final Map<String, String> INSTANCE_LIST = withFirst("InstanceList", "2.6", INSTANCE);
    public static final Map<String, String> BLOCK_DEVICE_MAPPING_LIST = withFirst("BlockDeviceMappingList", "1.18",
            withFirst("BlockDeviceMapping", "1.21", INSTANCE));
    public static final Map<String, String> MIGRATION_LIST = ordered("MigrationList", "1.5", "Migration", "1.7");
    public static final Map<String, String> CONSOLE_AUTH_TOKEN = ordered("ConsoleAuthToken", "1.1");

    private ZedObjectVersions() {
    }

    private static Map<String, String> withFirst(String name, String version, Map<String, String> tree) {
        Map<String, String> versions = new LinkedHashMap<>();
        versions.put(name, version);
        versions.putAll(tree);
        return Collections.unmodifiableMap(versions);
    }

    private static Map<String, String> ordered(String... pairs) {
        Map<String, String> versions = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            versions.put(pairs[i], pairs[i + 1]);
        }
        return Collections.unmodifiableMap(versions);
    }
}
