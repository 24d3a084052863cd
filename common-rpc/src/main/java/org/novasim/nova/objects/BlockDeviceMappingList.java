package org.novasim.nova.objects;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonCreator;

import org.novasim.messaging.objects.ObjectData;
import org.novasim.messaging.objects.ObjectFields;
import org.novasim.messaging.objects.VersionedObject;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An instance's block device mappings, as Nova's {@code BlockDeviceMappingList} object 1.18. NovaSim boots from
 * images and attaches no volumes: it sends the list empty, and of a received one checks that each element is a
 * {@code BlockDeviceMapping} it can read, keeping it as it came.
 */
public record BlockDeviceMappingList(List<VersionedObject> objects) implements NovaObject {

    public BlockDeviceMappingList {
        objects = List.copyOf(objects);
    }

    public static BlockDeviceMappingList empty() {
        return new BlockDeviceMappingList(List.of());
    }

    @Override
    public ObjectNode toPrimitive() {
        return NovaObjects.write(NovaObjects.BLOCK_DEVICE_MAPPING_LIST, NovaObjects.BLOCK_DEVICE_MAPPING_LIST_VERSION,
                new ObjectData().put("objects", objects.stream().map(NovaObjects.CODEC::write).toList()));
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static BlockDeviceMappingList fromPrimitive(JsonNode primitive) {
        ObjectFields f = NovaObjects.read(primitive, "block_device_mapping", NovaObjects.BLOCK_DEVICE_MAPPING_LIST,
                NovaObjects.BLOCK_DEVICE_MAPPING_LIST_VERSION);
        List<VersionedObject> objects = f.objects("objects", bdm -> NovaObjects.CODEC.read(bdm, "objects",
                NovaObjects.BLOCK_DEVICE_MAPPING, NovaObjects.BLOCK_DEVICE_MAPPING_VERSION));
        return new BlockDeviceMappingList(objects == null ? List.of() : objects);
    }
}
