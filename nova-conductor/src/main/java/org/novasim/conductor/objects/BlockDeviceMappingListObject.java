package org.novasim.conductor.objects;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import org.novasim.messaging.RequestContext;
import org.novasim.nova.objects.NovaObjects;

import tools.jackson.databind.JsonNode;

/**
 * Nova Zed's {@code BlockDeviceMappingList} (1.18), as a Zed compute reads an instance's block devices before it
 * powers it on or reboots it ({@code get_by_instance_uuid}). NovaSim attaches no volumes and keeps no mappings: the
 * list is empty, as the boots' casts carry it.
 */
@Component
class BlockDeviceMappingListObject implements RemotableClass {

    @Override
    public String name() {
        return NovaObjects.BLOCK_DEVICE_MAPPING_LIST;
    }

    @Override
    public String version() {
        return NovaObjects.BLOCK_DEVICE_MAPPING_LIST_VERSION;
    }

    @Override
    public @Nullable JsonNode classAction(RequestContext context, String method, MethodArgs args) {
        if (!method.equals("get_by_instance_uuid")) {
            throw NoSuchObjectMethod.onClass(name(), method);
        }
        args.text(method, 0, "instance_uuid");
        return list(List.of());
    }
}
