package org.novasim.conductor.objects;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import org.novasim.conductor.db.ServiceRecords;
import org.novasim.conductor.db.ServiceRecords.ServiceRow;
import org.novasim.conductor.scheduler.HostManager;
import org.novasim.messaging.RequestContext;
import org.novasim.messaging.objects.ObjectBindingError;
import org.novasim.messaging.objects.VersionedObject;
import org.novasim.messaging.wire.OsloJson;
import org.novasim.nova.exception.ComputeHostNotFound;
import org.novasim.nova.exception.ObjectActionError;
import org.novasim.nova.exception.ServiceBinaryExists;
import org.novasim.nova.exception.ServiceNotFound;
import org.novasim.nova.objects.NovaObjects;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Nova Zed's {@code Service} object (1.22) on the {@code services} table: what a Zed compute does with it at start
 * ({@code get_by_host_and_binary}, {@code create}) and on every heartbeat ({@code report_count += 1; save()}, which
 * moves {@code updated_at} and {@code last_seen_up}, as Nova's {@code service_update}).
 */
@Component
class ServiceObject implements RemotableClass {

    private static final Logger log = LoggerFactory.getLogger(ServiceObject.class);
    static final String NAME = "Service";
    static final String VERSION = "1.22";
    private static final String COMPUTE_BINARY = "nova-compute";

    private final ServiceRecords services;
    private final HostManager hostManager;
    private final Clock clock;

    ServiceObject(ServiceRecords services, HostManager hostManager, Clock clock) {
        this.services = services;
        this.hostManager = hostManager;
        this.clock = clock;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String version() {
        return VERSION;
    }

    @Override
    public @Nullable JsonNode classAction(RequestContext context, String method, JsonNode args, JsonNode kwargs) {
        return switch (method) {
            // Nova turns HostBinaryNotFound into None here.
            case "get_by_host_and_binary" -> services.find(text(args, kwargs, 0, "host"), text(args, kwargs, 1,
                    "binary")).map(ServiceObject::primitive).orElse(null);
            case "get_by_compute_host" -> {
                String host = text(args, kwargs, 0, "host");
                yield primitive(services.find(host, COMPUTE_BINARY).orElseThrow(() -> new ComputeHostNotFound(host)));
            }
            default -> throw NoSuchObjectMethod.onClass(NAME, method);
        };
    }

    @Override
    public Acted action(RequestContext context, VersionedObject object, String method, JsonNode args,
                        JsonNode kwargs) {
        return switch (method) {
            case "create" -> new Acted(data(create(object)), null);
            case "save" -> new Acted(data(save(object)), null);
            default -> throw NoSuchObjectMethod.onObject(NAME, method);
        };
    }

    private ServiceRow create(VersionedObject object) {
        ObjectNode data = object.data();
        if (data.has("id")) {
            throw new ObjectActionError("create", "already created");
        }
        String host = required(data, "host");
        String binary = required(data, "binary");
        String uuid = data.hasNonNull("uuid") ? data.get("uuid").asString() : UUID.randomUUID().toString();
        ServiceRow row = services.create(uuid, host, binary, data.path("topic").asString(binary),
                data.path("report_count").asInt(0), data.path("version").asInt(0), clock.instant())
                .orElseThrow(() -> new ServiceBinaryExists(host, binary));
        log.info("service {} on {} created (version {})", binary, host, row.version());
        return row;
    }

    /** Nova's {@code save}: the fields in {@code changes} but the id written, as {@code service_update} does. */
    private ServiceRow save(VersionedObject object) {
        JsonNode id = object.data().get("id");
        if (id == null || !id.canConvertToLong()) {
            throw new ObjectActionError("save", "the Service has no id: it was never created");
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (String field : object.changes()) {
            if (field.equals("id")) {
                continue;
            }
            if (!ServiceRecords.UPDATABLE.contains(field)) {
                throw ObjectBindingError.valueError("Service field " + field + " cannot be saved here");
            }
            values.put(field, OsloJson.mapper().convertValue(object.data().get(field), Object.class));
        }
        Instant now = clock.instant();
        ServiceRow row = services.update(id.asLong(), values, now).orElseThrow(() -> new ServiceNotFound(id.asLong()));
        if (values.containsKey("report_count") && row.binary().equals(COMPUTE_BINARY)) {
            hostManager.serviceReported(row.host(), row.binary(), now);
        }
        log.debug("service {} on {} saved: {}", row.binary(), row.host(), values.keySet());
        return row;
    }

    /** As read from the database: no changes, so the codec leaves {@code nova_object.changes} out. */
    static ObjectNode primitive(ServiceRow row) {
        return NovaObjects.CODEC.write(new VersionedObject(NAME, NovaObjects.CODEC.projectNamespace(), VERSION,
                data(row), List.of()));
    }

    /** The fields Nova's {@code _from_db_object} sets (the compute node is loaded lazily, and so left out). */
    private static ObjectNode data(ServiceRow row) {
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.put("id", row.id());
        data.put("uuid", row.uuid());
        data.put("host", row.host());
        data.put("binary", row.binary());
        data.put("topic", row.topic());
        data.put("report_count", row.reportCount());
        data.put("disabled", row.disabled());
        data.put("disabled_reason", row.disabledReason());
        data.put("last_seen_up", time(row.lastSeenUp()));
        data.put("forced_down", row.forcedDown());
        data.put("version", row.version());
        data.put("created_at", time(row.createdAt()));
        data.put("updated_at", time(row.updatedAt()));
        data.putNull("deleted_at");
        data.put("deleted", false);
        return data;
    }

    /** Nova's DateTimeField on the wire: seconds, UTC, {@code Z}. */
    static @Nullable String time(@Nullable Instant at) {
        return at == null ? null : at.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static String required(ObjectNode data, String field) {
        JsonNode value = data.get(field);
        if (value == null || !value.isString()) {
            throw ObjectBindingError.valueError("Service field " + field + " is required to create it");
        }
        return value.asString();
    }

    /** A classmethod's argument, positional or by name. */
    private static String text(JsonNode args, JsonNode kwargs, int index, String name) {
        JsonNode value = args.size() > index ? args.get(index) : kwargs.get(name);
        if (value == null || !value.isString()) {
            throw ObjectBindingError.valueError("Service method argument " + name + " must be a string");
        }
        return value.asString();
    }
}
