package org.novasim.conductor.objects;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import org.novasim.conductor.db.InstanceRecords;
import org.novasim.conductor.scheduler.Claims;
import org.novasim.messaging.RequestContext;
import org.novasim.messaging.objects.ObjectFields;
import org.novasim.messaging.objects.VersionedObject;
import org.novasim.messaging.wire.OsloJson;
import org.novasim.nova.exception.InstanceNotFound;
import org.novasim.nova.objects.DateTimeField;
import org.novasim.nova.objects.Flavor;
import org.novasim.nova.objects.Instance;
import org.novasim.nova.objects.NovaObjects;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Nova Zed's {@code Instance} object (2.7) on the {@code instances} table: what a Zed compute does with it on its
 * build, power and delete paths ({@code get_by_uuid}, {@code save} with {@code expected_task_state} and
 * {@code expected_vm_state}, {@code refresh}, {@code destroy}). A save that ends the instance's claim (ERROR, deleted, off its host)
 * gives its allocation back in the same transaction.
 */
@Component
public class InstanceObject implements RemotableClass {

    private static final Logger log = LoggerFactory.getLogger(InstanceObject.class);

    /** The fields of Nova's Instance that are columns here, and so read into its primitive. */
    private static final List<String> READ = List.of("id", "uuid", "display_name", "display_description",
            "hostname", "project_id", "user_id", "image_ref", "vm_state", "task_state", "power_state", "host", "node",
            "launched_on", "reservation_id", "launch_index", "created_at", "updated_at", "launched_at",
            "terminated_at", "deleted_at", "deleted");
    private static final Set<String> TIMES = Set.of("created_at", "updated_at", "launched_at", "terminated_at",
            "deleted_at");

    private final InstanceRecords instances;
    private final Claims claims;
    private final Clock clock;

    InstanceObject(InstanceRecords instances, Claims claims, Clock clock) {
        this.instances = instances;
        this.claims = claims;
        this.clock = clock;
    }

    @Override
    public String name() {
        return NovaObjects.INSTANCE;
    }

    @Override
    public String version() {
        return NovaObjects.INSTANCE_VERSION;
    }

    @Override
    public @Nullable JsonNode classAction(RequestContext context, String method, MethodArgs args) {
        if (!method.equals("get_by_uuid")) {
            throw NoSuchObjectMethod.onClass(name(), method);
        }
        return primitive(data(args.text(method, 0, "uuid")));
    }

    @Override
    public Acted action(RequestContext context, VersionedObject object, String method, MethodArgs args) {
        String uuid = new ObjectFields(object).requiredString("uuid");
        return switch (method) {
            case "save" -> {
                save(uuid, object, args);
                yield new Acted(data(uuid), null);
            }
            case "refresh" -> new Acted(data(uuid), null);
            case "destroy" -> new Acted(destroy(uuid, object), null);
            default -> throw NoSuchObjectMethod.onObject(name(), method);
        };
    }

    /**
     * Nova's {@code Instance.save}: the changed fields this table holds are written, with the expected states as
     * the UPDATE's condition; the info cache's network_info when it changed with the instance. Changed fields of
     * Nova's that NovaSim does not keep are left out, and said so at debug.
     */
    private void save(String uuid, VersionedObject object, MethodArgs args) {
        Map<String, Object> updates = new LinkedHashMap<>();
        for (String field : object.changes()) {
            if (InstanceRecords.UPDATABLE.contains(field)) {
                updates.put(field, OsloJson.mapper().convertValue(object.data().get(field), Object.class));
            } else if (field.equals("info_cache")) {
                JsonNode cache = object.data().path("info_cache").path("nova_object.data").get("network_info");
                if (cache != null) {
                    updates.put("network_info", cache.isNull() ? null : cache.asString());
                }
            } else {
                log.debug("instance {}: {} is not kept by NovaSim, not saved", uuid, field);
            }
        }
        Map<String, List<String>> expected = new LinkedHashMap<>();
        List<String> taskStates = args.states("expected_task_state");
        if (taskStates != null) {
            expected.put("task_state", taskStates);
        }
        List<String> vmStates = args.states("expected_vm_state");
        if (vmStates != null) {
            expected.put("vm_state", vmStates);
        }
        if (updates.isEmpty() && expected.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        claims.update(uuid, updates, () -> instances.save(uuid, updates, expected, now));
        if (updates.containsKey("vm_state") || updates.containsKey("task_state")) {
            log.info("instance {}: vm_state {}, task_state {}", uuid, updates.getOrDefault("vm_state", "(same)"),
                    updates.containsKey("task_state") ? updates.get("task_state") : "(same)");
        }
    }

    /** Nova's {@code destroy}: the instance soft-deleted, its allocation given back with it. */
    private ObjectNode destroy(String uuid, VersionedObject object) {
        Instant now = clock.instant();
        Map<String, Object> deleted = Map.of("deleted", true, "deleted_at", DateTimeField.of(now));
        claims.update(uuid, deleted, () -> instances.save(uuid, deleted, Map.of(), now));
        log.info("instance {} destroyed", uuid);
        ObjectNode data = object.data().deepCopy();
        data.put("deleted", true);
        data.put("deleted_at", DateTimeField.of(now));
        data.put("updated_at", DateTimeField.of(now));
        return data;
    }

    /** The instance as this conductor sends it to a compute: every field its table holds, as Zed's conductor. */
    public Instance load(String uuid) {
        return Instance.fromPrimitive(primitive(data(uuid)));
    }

    private ObjectNode data(String uuid) {
        return fields(instances.columns(uuid).orElseThrow(() -> new InstanceNotFound(uuid)), instances::flavor);
    }

    /** An instance's fields as Nova's {@code _from_db_object} sets them from what this table holds of its row. */
    static ObjectNode fields(Map<String, Object> row, Function<String, Flavor> flavors) {
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        for (String field : READ) {
            Object value = row.get(field);
            data.set(field, OsloJson.mapper().valueToTree(TIMES.contains(field) ? DateTimeField.ofColumn(value) : value));
        }
        data.set("metadata", metadata(row.get("metadata")));
        data.set("flavor", flavors.apply(String.valueOf(row.get("flavorid"))).toPrimitive());
        data.set("info_cache", infoCache(String.valueOf(row.get("uuid")), (String) row.get("network_info")));
        return data;
    }

    static ObjectNode infoCache(String uuid, @Nullable String networkInfo) {
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.put("instance_uuid", uuid);
        data.put("network_info", networkInfo == null ? "[]" : networkInfo);
        return NovaObjects.CODEC.write(new VersionedObject(NovaObjects.INSTANCE_INFO_CACHE,
                NovaObjects.CODEC.projectNamespace(), NovaObjects.INSTANCE_INFO_CACHE_VERSION, data, List.of()));
    }

    private static JsonNode metadata(@Nullable Object json) {
        return json == null ? JsonNodeFactory.instance.objectNode() : OsloJson.mapper().readTree(json.toString());
    }
}
