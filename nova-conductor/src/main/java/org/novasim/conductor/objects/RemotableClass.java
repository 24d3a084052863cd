package org.novasim.conductor.objects;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.novasim.messaging.RequestContext;
import org.novasim.messaging.objects.VersionedObject;
import org.novasim.nova.objects.NovaObjects;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * One of Nova's object classes whose remotable methods the conductor runs for the services without database access,
 * as Nova's {@code @remotable_classmethod} and {@code @remotable} methods run in its conductor.
 */
interface RemotableClass {

    /** What a remotable method left: the object's fields afterwards, and what the method returned. */
    record Acted(ObjectNode data, @Nullable JsonNode result) {
    }

    /** The class's name on the wire, as {@code nova_object.name}. */
    String name();

    /** Nova Zed's version of the class, the one this conductor reads and writes. */
    String version();

    /**
     * A remotable classmethod, with its arguments (the context apart); by default the class has none.
     *
     * @return what it returns: an object's primitive, or null (None)
     * @throws NoSuchObjectMethod if the class has no such remotable classmethod
     */
    default @Nullable JsonNode classAction(RequestContext context, String method, MethodArgs args) {
        throw NoSuchObjectMethod.onClass(name(), method);
    }

    /**
     * A remotable method of {@code object}, with the fields and changes it came with; by default the class has none.
     *
     * @throws NoSuchObjectMethod if the class has no such remotable method
     */
    default Acted action(RequestContext context, VersionedObject object, String method, MethodArgs args) {
        throw NoSuchObjectMethod.onObject(name(), method);
    }

    /** An object of this class as read from the database: its fields, no changes. */
    default ObjectNode primitive(ObjectNode data) {
        return NovaObjects.CODEC.write(new VersionedObject(name(), NovaObjects.CODEC.projectNamespace(), version(),
                data, List.of()));
    }

    /** A list object of this class ({@code InstanceList}, ...) holding these objects' primitives. */
    default ObjectNode list(List<ObjectNode> objects) {
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.putArray("objects").addAll(objects);
        return primitive(data);
    }
}
