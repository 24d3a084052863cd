package org.novasim.nova.objects;

import java.util.List;
import java.util.Set;

import org.novasim.messaging.objects.ObjectCodec;
import org.novasim.messaging.objects.ObjectData;
import org.novasim.messaging.objects.ObjectFields;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Nova's object registry as far as NovaSim goes: the classes and versions of Nova Zed (26.x) that travel on its
 * paths, serialized with Nova's keys ({@code nova_object.*}, namespace {@code nova}).
 */
public final class NovaObjects {

    public static final String INSTANCE = "Instance";
    public static final String INSTANCE_VERSION = "2.7";
    public static final String FLAVOR = "Flavor";
    public static final String FLAVOR_VERSION = "1.2";
    public static final String INSTANCE_INFO_CACHE = "InstanceInfoCache";
    public static final String INSTANCE_INFO_CACHE_VERSION = "1.5";
    public static final String SELECTION = "Selection";
    public static final String SELECTION_VERSION = "1.1";
    public static final String REQUEST_SPEC = "RequestSpec";
    public static final String REQUEST_SPEC_VERSION = "1.14";
    public static final String NETWORK_REQUEST = "NetworkRequest";
    public static final String NETWORK_REQUEST_VERSION = "1.3";
    public static final String NETWORK_REQUEST_LIST = "NetworkRequestList";
    public static final String NETWORK_REQUEST_LIST_VERSION = "1.1";
    public static final String BLOCK_DEVICE_MAPPING = "BlockDeviceMapping";
    public static final String BLOCK_DEVICE_MAPPING_VERSION = "1.21";
    public static final String BLOCK_DEVICE_MAPPING_LIST = "BlockDeviceMappingList";
    public static final String BLOCK_DEVICE_MAPPING_LIST_VERSION = "1.18";
    public static final String BUILD_REQUEST = "BuildRequest";
    public static final String BUILD_REQUEST_VERSION = "1.3";
    public static final String IMAGE_META = "ImageMeta";
    public static final String IMAGE_META_VERSION = "1.8";
    public static final String DESTINATION = "Destination";
    public static final String DESTINATION_VERSION = "1.4";
    public static final String TAG = "Tag";
    public static final String TAG_VERSION = "1.1";
    public static final String TAG_LIST = "TagList";
    public static final String TAG_LIST_VERSION = "1.1";
    public static final String SERVICE = "Service";
    public static final String SERVICE_VERSION = "1.22";
    /** Nova Zed's {@code SERVICE_VERSION}: what a Zed service writes in {@code services.version}. */
    public static final int ZED_SERVICE_VERSION = 64;
    public static final String COMPUTE_NODE = "ComputeNode";
    public static final String COMPUTE_NODE_VERSION = "1.19";
    public static final String INSTANCE_FAULT = "InstanceFault";
    public static final String INSTANCE_FAULT_VERSION = "1.2";
    public static final String INSTANCE_ACTION_EVENT = "InstanceActionEvent";
    public static final String INSTANCE_ACTION_EVENT_VERSION = "1.4";
    public static final String INSTANCE_LIST = "InstanceList";
    public static final String INSTANCE_LIST_VERSION = "2.6";
    public static final String COMPUTE_NODE_LIST = "ComputeNodeList";
    public static final String COMPUTE_NODE_LIST_VERSION = "1.17";
    public static final String MIGRATION_LIST = "MigrationList";
    public static final String MIGRATION_LIST_VERSION = "1.5";
    public static final String CONSOLE_AUTH_TOKEN = "ConsoleAuthToken";
    public static final String CONSOLE_AUTH_TOKEN_VERSION = "1.1";

    /** Nova's {@code NovaObject.OBJ_SERIAL_NAMESPACE} and {@code OBJ_PROJECT_NAMESPACE}. */
    public static final ObjectCodec CODEC = new ObjectCodec("nova_object", "nova", Set.of(INSTANCE, FLAVOR,
            INSTANCE_INFO_CACHE, SELECTION, REQUEST_SPEC, NETWORK_REQUEST, NETWORK_REQUEST_LIST, BLOCK_DEVICE_MAPPING,
            BLOCK_DEVICE_MAPPING_LIST, BUILD_REQUEST, IMAGE_META, DESTINATION, TAG, TAG_LIST, SERVICE, COMPUTE_NODE,
            INSTANCE_FAULT, INSTANCE_ACTION_EVENT, INSTANCE_LIST, MIGRATION_LIST, CONSOLE_AUTH_TOKEN,
            COMPUTE_NODE_LIST));

    private NovaObjects() {
    }

    /** An {@code InstanceList} of these Instance primitives, as Nova's list objects travel. */
    public static ObjectNode instanceList(List<ObjectNode> instances) {
        return write(INSTANCE_LIST, INSTANCE_LIST_VERSION, new ObjectData().put("objects", instances));
    }

    /** The fields of {@code node}, which must be a {@code name} object in a version NovaSim reads. */
    static ObjectFields read(JsonNode node, String field, String name, String version) {
        return new ObjectFields(CODEC.read(node, field, name, version));
    }

    static ObjectNode write(String name, String version, ObjectData data) {
        return CODEC.write(data.build(name, CODEC.projectNamespace(), version));
    }
}
