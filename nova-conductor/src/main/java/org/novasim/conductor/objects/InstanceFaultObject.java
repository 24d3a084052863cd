package org.novasim.conductor.objects;

import java.time.Clock;
import java.time.Instant;

import org.springframework.stereotype.Component;

import org.novasim.conductor.db.FaultRecords;
import org.novasim.messaging.RequestContext;
import org.novasim.messaging.objects.ObjectFields;
import org.novasim.messaging.objects.VersionedObject;
import org.novasim.nova.exception.ObjectActionError;
import org.novasim.nova.objects.DateTimeField;
import org.novasim.nova.objects.NovaObjects;

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
        ObjectFields sent = new ObjectFields(object);
        if (sent.isSet("id")) {
            throw new ObjectActionError("create", "already created");
        }
        Instant now = clock.instant();
        long id = faults.insert(sent.requiredString("instance_uuid"), sent.requiredInteger("code"),
                sent.requiredString("message"), sent.string("details"), sent.string("host"), now);
        ObjectNode data = object.data().deepCopy();
        data.put("id", id);
        data.put("created_at", DateTimeField.of(now));
        data.putNull("updated_at");
        data.putNull("deleted_at");
        data.put("deleted", false);
        return new Acted(data, null);
    }
}
