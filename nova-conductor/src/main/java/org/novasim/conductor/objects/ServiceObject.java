package org.novasim.conductor.objects;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import org.novasim.conductor.db.ServiceRecords;
import org.novasim.conductor.db.ServiceRecords.ServiceRow;
import org.novasim.conductor.scheduler.HostManager;
import org.novasim.conductor.servicegroup.HeartbeatBuffer;
import org.novasim.messaging.RequestContext;
import org.novasim.messaging.objects.ObjectBindingError;
import org.novasim.messaging.objects.ObjectFields;
import org.novasim.messaging.objects.VersionedObject;
import org.novasim.messaging.wire.OsloJson;
import org.novasim.nova.exception.ComputeHostNotFound;
import org.novasim.nova.exception.ObjectActionError;
import org.novasim.nova.exception.ServiceBinaryExists;
import org.novasim.nova.exception.ServiceNotFound;
import org.novasim.nova.objects.DateTimeField;

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
    private final HeartbeatBuffer heartbeats;
    private final HostManager hostManager;
    private final Clock clock;

    ServiceObject(ServiceRecords services, HeartbeatBuffer heartbeats, HostManager hostManager, Clock clock) {
        this.services = services;
        this.heartbeats = heartbeats;
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
    public @Nullable JsonNode classAction(RequestContext context, String method, MethodArgs args) {
        return switch (method) {
            // Nova turns HostBinaryNotFound into None here.
            case "get_by_host_and_binary" -> services.find(args.text(method, 0, "host"), args.text(method, 1,
                    "binary")).map(this::primitive).orElse(null);
            case "get_by_compute_host" -> {
                String host = args.text(method, 0, "host");
                yield primitive(services.find(host, COMPUTE_BINARY).orElseThrow(() -> new ComputeHostNotFound(host)));
            }
            default -> throw NoSuchObjectMethod.onClass(NAME, method);
        };
    }

    @Override
    public Acted action(RequestContext context, VersionedObject object, String method, MethodArgs args) {
        return switch (method) {
            case "create" -> new Acted(data(create(object)), null);
            case "save" -> new Acted(save(object), null);
            default -> throw NoSuchObjectMethod.onObject(NAME, method);
        };
    }

    private ServiceRow create(VersionedObject object) {
        ObjectFields sent = new ObjectFields(object);
        if (sent.isSet("id")) {
            throw new ObjectActionError("create", "already created");
        }
        String host = sent.requiredString("host");
        String binary = sent.requiredString("binary");
        String uuid = Objects.requireNonNullElseGet(sent.string("uuid"), () -> UUID.randomUUID().toString());
        ServiceRow row = services.create(uuid, host, binary, Objects.requireNonNullElse(sent.string("topic"), binary),
                Objects.requireNonNullElse(sent.integer("report_count"), 0),
                Objects.requireNonNullElse(sent.integer("version"), 0), clock.instant())
                .orElseThrow(() -> new ServiceBinaryExists(host, binary));
        heartbeats.seen(row.id());
        log.info("service {} on {} created (version {})", binary, host, row.version());
        return row;
    }

    /**
     * Nova's {@code save}: the fields in {@code changes} but the id written, as {@code service_update} does. A
     * heartbeat (only {@code report_count} changed) of a row already seen goes to the {@link HeartbeatBuffer}, and
     * its answer is what the write will set.
     */
    private ObjectNode save(VersionedObject object) {
        JsonNode id = object.data().get("id");
        if (id == null || !id.canConvertToLong()) {
            throw new ObjectActionError("save", "the Service has no id: it was never created");
        }
        Instant now = clock.instant();
        if (object.changes().equals(List.of("report_count")) && object.data().path("report_count").isInt()
                && heartbeats.record(id.asLong(), object.data().get("report_count").asInt(), now)) {
            reported(object.data().path("host").asString(), object.data().path("binary").asString(), now);
            ObjectNode data = object.data().deepCopy();
            data.put("updated_at", DateTimeField.of(now));
            data.put("last_seen_up", DateTimeField.of(now));
            return data;
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
        ServiceRow row = services.update(id.asLong(), values, now).orElseThrow(() -> new ServiceNotFound(id.asLong()));
        heartbeats.seen(row.id());
        if (values.containsKey("report_count")) {
            reported(row.host(), row.binary(), now);
        }
        log.debug("service {} on {} saved: {}", row.binary(), row.host(), values.keySet());
        return data(row);
    }

    private void reported(String host, String binary, Instant at) {
        if (binary.equals(COMPUTE_BINARY)) {
            hostManager.serviceReported(host, binary, at);
        }
    }

    /**
     * As read from the database, with a heartbeat still waiting for its batch: no changes, so the codec leaves
     * {@code nova_object.changes} out.
     */
    private ObjectNode primitive(ServiceRow row) {
        ObjectNode data = data(row);
        heartbeats.pending(row.id()).ifPresent(beat -> {
            data.put("report_count", beat.reportCount());
            data.put("updated_at", DateTimeField.of(beat.at()));
            data.put("last_seen_up", DateTimeField.of(beat.at()));
        });
        return primitive(data);
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
        data.put("last_seen_up", DateTimeField.of(row.lastSeenUp()));
        data.put("forced_down", row.forcedDown());
        data.put("version", row.version());
        data.put("created_at", DateTimeField.of(row.createdAt()));
        data.put("updated_at", DateTimeField.of(row.updatedAt()));
        data.putNull("deleted_at");
        data.put("deleted", false);
        return data;
    }

}
