package org.novasim.conductor.objects;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.springframework.stereotype.Component;

import org.novasim.conductor.db.InstanceRecords;
import org.novasim.messaging.RequestContext;
import org.novasim.messaging.objects.ObjectFields;
import org.novasim.messaging.objects.VersionedObject;
import org.novasim.nova.objects.DateTimeField;
import org.novasim.nova.objects.NovaObjects;

import tools.jackson.databind.node.ObjectNode;

/**
 * Nova Zed's {@code InstanceInfoCache} (1.5): an instance's network info, saved by a compute once its ports are
 * bound ({@code update_instance_cache_with_nw_info}), and what the API shows as the server's addresses.
 */
@Component
class InstanceInfoCacheObject implements RemotableClass {

    private static final String NETWORK_INFO = "network_info";

    private final InstanceRecords instances;
    private final Clock clock;

    InstanceInfoCacheObject(InstanceRecords instances, Clock clock) {
        this.instances = instances;
        this.clock = clock;
    }

    @Override
    public String name() {
        return NovaObjects.INSTANCE_INFO_CACHE;
    }

    @Override
    public String version() {
        return NovaObjects.INSTANCE_INFO_CACHE_VERSION;
    }

    /** Nova's {@code save}: the network info written only when it changed. */
    @Override
    public Acted action(RequestContext context, VersionedObject object, String method, MethodArgs args) {
        if (!method.equals("save")) {
            throw NoSuchObjectMethod.onObject(name(), method);
        }
        ObjectFields sent = new ObjectFields(object);
        String uuid = sent.requiredString("instance_uuid");
        ObjectNode data = object.data().deepCopy();
        if (object.changes().contains(NETWORK_INFO)) {
            Instant now = clock.instant();
            Map<String, Object> update = new HashMap<>();
            update.put(NETWORK_INFO, sent.string(NETWORK_INFO));
            instances.save(uuid, update, Map.of(), now);
            data.put("updated_at", DateTimeField.of(now));
        }
        return new Acted(data, null);
    }
}
