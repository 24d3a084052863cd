package org.novasim.nova.objects;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.novasim.messaging.RequestContext;
import org.novasim.messaging.objects.VersionedObject;
import org.novasim.messaging.wire.OsloJson;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One of Nova's objects on a service without database access, as a Zed compute holds it: its fields and those changed
 * since it was loaded; a remotable method ({@code save}, {@code create}) sends the whole object with its changes
 * through the {@link IndirectionApi} and takes back what the other side set, as Nova's {@code remotable} decorator
 * does. Not thread-safe, like Nova's: one holder changes it at a time.
 */
public final class RemoteObject {

    private final String name;
    private final String version;
    private final ObjectNode data;
    private final Set<String> changes = new LinkedHashSet<>();

    private RemoteObject(String name, String version, ObjectNode data) {
        this.name = name;
        this.version = version;
        this.data = data;
    }

    /** An object as it was loaded (no field changed), from its primitive. */
    public static RemoteObject loaded(JsonNode primitive, String name, String version) {
        VersionedObject object = NovaObjects.CODEC.read(primitive, "objinst", name, version);
        return new RemoteObject(object.name(), version, object.data().deepCopy());
    }

    /** A new object, each field given set and so changed, as {@code Service(host=..., ...)} in Nova. */
    public static RemoteObject created(String name, String version, Map<String, ?> fields) {
        RemoteObject object = new RemoteObject(name, version, OsloJson.mapper().createObjectNode());
        fields.forEach(object::set);
        return object;
    }

    public @Nullable JsonNode get(String field) {
        return data.get(field);
    }

    /** Sets a field and marks it changed, as assigning an attribute of Nova's object does. */
    public RemoteObject set(String field, @Nullable Object value) {
        data.set(field, OsloJson.mapper().valueToTree(value));
        changes.add(field);
        return this;
    }

    /** Marks a field changed with its value as it is, as Nova's network API saves a refreshed info cache. */
    public RemoteObject touch(String field) {
        changes.add(field);
        return this;
    }

    public Set<String> changes() {
        return Set.copyOf(changes);
    }

    /** The object's primitive with its changes, as Nova's serializer sends it. */
    public ObjectNode toPrimitive() {
        return NovaObjects.CODEC.write(new VersionedObject(name, NovaObjects.CODEC.projectNamespace(), version, data,
                List.copyOf(changes)));
    }

    /** {@code obj.save(**kwargs)} through {@code api}: what the other side set is applied, and nothing is changed. */
    public void save(IndirectionApi api, RequestContext context, Map<String, ?> kwargs) {
        remote(api, context, "save", kwargs);
    }

    /** {@code obj.create()} through {@code api}. */
    public void create(IndirectionApi api, RequestContext context) {
        remote(api, context, "create", Map.of());
    }

    /** Any remotable method: its result, once the other side's updates are applied and the changes reset. */
    public @Nullable JsonNode remote(IndirectionApi api, RequestContext context, String method, Map<String, ?> kwargs) {
        IndirectionApi.Acted acted = api.objectAction(context, toPrimitive(), method, List.of(), kwargs);
        changes.clear();
        acted.updates().properties().forEach(update -> {
            if (!update.getKey().equals(IndirectionApi.WHAT_CHANGED)) {
                data.set(update.getKey(), update.getValue());
            }
        });
        return acted.result();
    }
}
