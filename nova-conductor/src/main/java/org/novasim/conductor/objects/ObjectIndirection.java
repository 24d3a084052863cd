package org.novasim.conductor.objects;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import org.novasim.messaging.RequestContext;
import org.novasim.messaging.objects.ObjectBindingError;
import org.novasim.messaging.objects.ObjectCodec;
import org.novasim.messaging.objects.VersionedObject;
import org.novasim.messaging.wire.Versions;
import org.novasim.nova.objects.IndirectionApi;
import org.novasim.nova.objects.NovaObjects;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Nova's object indirection API, as its conductor (API 3.0) serves it: a class's remotable classmethod
 * ({@code object_class_action_versions}), an object's remotable method ({@code object_action}, answered with the
 * fields it changed and its result), and a backport ({@code object_backport_versions}). Unknown classes and versions
 * are refused as oslo.versionedobjects refuses them, before anything is read or written.
 */
@Component
public class ObjectIndirection {

    private static final Logger log = LoggerFactory.getLogger(ObjectIndirection.class);

    private final Map<String, RemotableClass> classes;
    private final ObjectCodec codec;

    ObjectIndirection(List<RemotableClass> classes) {
        this.classes = classes.stream().collect(Collectors.toUnmodifiableMap(RemotableClass::name,
                Function.identity()));
        // Nova's keys, and only the classes served here as known ones.
        this.codec = new ObjectCodec(NovaObjects.CODEC.serialNamespace(), NovaObjects.CODEC.projectNamespace(),
                this.classes.keySet());
    }

    /** {@code object_class_action_versions}: {@code objname.objmethod(context, *args, **kwargs)}. */
    public @Nullable JsonNode classAction(RequestContext context, String objname, String objmethod,
                                          Map<String, String> objectVersions, JsonNode args, JsonNode kwargs) {
        RemotableClass type = classes.get(objname);
        if (type == null) {
            throw ObjectBindingError.unsupportedObject(objname);
        }
        String requested = objectVersions.getOrDefault(objname, type.version());
        if (!compatible(type.version(), requested)) {
            throw ObjectBindingError.incompatibleVersion(objname, requested, type.version());
        }
        log.debug("{}.{} (a remotable classmethod, {} asked)", objname, objmethod, requested);
        return type.classAction(context, objmethod, new MethodArgs(args, kwargs));
    }

    /**
     * {@code object_action}: the object's method, answered as Nova's conductor answers, {@code [updates, result]}:
     * the fields set afterwards that are new or differ from what the caller sent, and {@code obj_what_changed}.
     */
    public ArrayNode action(RequestContext context, JsonNode objinst, String objmethod, JsonNode args,
                            JsonNode kwargs) {
        VersionedObject object = read(objinst);
        log.debug("{}.{} (a remotable method)", object.name(), objmethod);
        RemotableClass.Acted acted = classes.get(object.name()).action(context, object, objmethod,
                new MethodArgs(args, kwargs));
        ObjectNode updates = JsonNodeFactory.instance.objectNode();
        acted.data().properties().forEach(field -> {
            JsonNode sent = object.data().get(field.getKey());
            if (sent == null || !sent.equals(field.getValue())) {
                updates.set(field.getKey(), field.getValue());
            }
        });
        updates.putArray(IndirectionApi.WHAT_CHANGED);
        ArrayNode answer = JsonNodeFactory.instance.arrayNode();
        answer.add(updates);
        answer.add(acted.result() == null ? JsonNodeFactory.instance.nullNode() : acted.result());
        return answer;
    }

    /**
     * {@code object_backport_versions}: the object at the version the caller holds. This conductor holds Zed's
     * versions only: the same version comes back as it is, an older one is refused as incompatible.
     */
    public ObjectNode backport(JsonNode objinst, Map<String, String> objectVersions) {
        VersionedObject object = read(objinst);
        String target = objectVersions.getOrDefault(object.name(), object.version());
        if (!target.equals(classes.get(object.name()).version())) {
            throw ObjectBindingError.incompatibleVersion(object.name(), target, classes.get(object.name()).version());
        }
        return codec.write(object);
    }

    private VersionedObject read(JsonNode objinst) {
        String name = codec.nameOf(objinst);
        RemotableClass type = name == null ? null : classes.get(name);
        return codec.read(objinst, "objinst", type == null ? String.valueOf(name) : name,
                type == null ? "1.0" : type.version());
    }

    private static boolean compatible(String known, String requested) {
        try {
            return Versions.isCompatible(known, requested);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
