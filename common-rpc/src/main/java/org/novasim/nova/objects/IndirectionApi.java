package org.novasim.nova.objects;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.novasim.messaging.RequestContext;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Where a service without database access runs its objects' remotable methods, as Nova's
 * {@code NovaObject.indirection_api} (oslo's {@code VersionedObjectIndirectionAPI}): on a Zed compute, the conductor.
 */
public interface IndirectionApi {

    /**
     * The key Nova's conductor adds to an {@code object_action}'s updates: the fields still changed on its copy, not a
     * field of the object.
     */
    String WHAT_CHANGED = "obj_what_changed";

    /** What {@code object_action} answers: the fields the remote side set, and the method's result. */
    record Acted(ObjectNode updates, @Nullable JsonNode result) {
    }

    /**
     * A remotable classmethod, {@code objname.objmethod(context, *args, **kwargs)}.
     *
     * @param objectVersions the versions of the class and of every class it holds, as Nova sends them
     * @return the result: an object's primitive, or null (None)
     */
    @Nullable JsonNode objectClassAction(RequestContext context, String objname, String objmethod,
                                         Map<String, String> objectVersions, List<?> args, Map<String, ?> kwargs);

    /** A remotable method of the object {@code objinst} (its primitive, with its {@code changes}). */
    Acted objectAction(RequestContext context, ObjectNode objinst, String objmethod, List<?> args,
                       Map<String, ?> kwargs);
}
