package org.novasim.conductor.objects;

import java.time.Clock;
import java.time.Instant;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import org.novasim.conductor.db.FaultRecords;
import org.novasim.messaging.RequestContext;
import org.novasim.messaging.objects.ObjectBindingError;
import org.novasim.messaging.objects.VersionedObject;
import org.novasim.nova.exception.ObjectActionError;
import org.novasim.nova.objects.NovaObjects;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Nova Zed's {@code InstanceFault} (1.2): why an instance failed, created by a compute
 * ({@code add_instance_fault_from_exc}) before it puts the instance in ERROR, and shown by the API on the server.
 */
@Component
class InstanceFaultObject implements RemotableClass {

    private final FaultRecords faults;
    private final Clock clock;

    InstanceFaultObject(FaultRecords faults, Clock clock) {
        this.faults = faults;
        this.clock = clock;
    }

    @Override
    public String name() {
        return NovaObjects.INSTANCE_FAULT;
    }

    @Override
    public String version() {
        return NovaObjects.INSTANCE_FAULT_VERSION;
    }

    @Override
    public Acted action(RequestContext context, VersionedObject object, String method, MethodArgs args) {
        if (!method.equals("create")) {
            throw NoSuchObjectMethod.onObject(name(), method);
        }
        ObjectNode data = object.data().deepCopy();
        if (data.has("id")) {
            throw new ObjectActionError("create", "already created");
        }
        JsonNode uuid = data.get("instance_uuid");
        JsonNode code = data.get("code");
        JsonNode message = data.get("message");
        if (uuid == null || !uuid.isString() || code == null || !code.isInt() || message == null
                || !message.isString()) {
            throw ObjectBindingError.valueError("InstanceFault needs instance_uuid, code and message to be created");
        }
        Instant now = clock.instant();
        long id = faults.insert(uuid.asString(), code.asInt(), message.asString(), text(data, "details"),
                text(data, "host"), now);
        data.put("id", id);
        data.put("created_at", WireTime.of(now));
        data.putNull("updated_at");
        data.putNull("deleted_at");
        data.put("deleted", false);
        return new Acted(data, null);
    }

    private static @Nullable String text(ObjectNode data, String field) {
        JsonNode value = data.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }
}
