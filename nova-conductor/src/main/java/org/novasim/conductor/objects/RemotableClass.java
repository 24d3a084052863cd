package org.novasim.conductor.objects;

import org.jspecify.annotations.Nullable;

import org.novasim.messaging.RequestContext;
import org.novasim.messaging.objects.VersionedObject;

import tools.jackson.databind.JsonNode;
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
     * A remotable classmethod, with its arguments (the context apart).
     *
     * @return what it returns: an object's primitive, or null (None)
     * @throws NoSuchObjectMethod if the class has no such remotable classmethod
     */
    @Nullable JsonNode classAction(RequestContext context, String method, MethodArgs args);

    /**
     * A remotable method of {@code object}, with the fields and changes it came with.
     *
     * @throws NoSuchObjectMethod if the class has no such remotable method
     */
    Acted action(RequestContext context, VersionedObject object, String method, MethodArgs args);
}
