package org.novasim.conductor.objects;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import org.novasim.conductor.db.ComputeNodeRecords;
import org.novasim.conductor.scheduler.HostManager;
import org.novasim.messaging.RequestContext;
import org.novasim.messaging.objects.ObjectFields;
import org.novasim.messaging.objects.VersionedObject;
import org.novasim.messaging.wire.OsloJson;
import org.novasim.nova.conductor.ComputeNodeResources;
import org.novasim.nova.exception.ComputeHostNotFound;
import org.novasim.nova.exception.ObjectActionError;
import org.novasim.nova.objects.DateTimeField;
import org.novasim.nova.objects.NovaObjects;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Nova Zed's {@code ComputeNode} (1.19) on the {@code compute_nodes} table, as a compute's resource tracker uses it:
 * looked up at start ({@code get_by_host_and_nodename}), created when missing, saved when its resources changed. Its
 * totals and allocation ratios are what the compute reports; what is used is the count of the node's allocations,
 * NovaSim's placement. The reservations placement learns from Nova over REST are taken from the node's first
 * report, where what is used is what is reserved (no instance yet), as Nova's resource tracker starts.
 */
@Component
class ComputeNodeObject implements RemotableClass {

    private static final Logger log = LoggerFactory.getLogger(ComputeNodeObject.class);
    private static final List<String> READ = List.of("id", "uuid", "host", "hypervisor_hostname", "hypervisor_type",
            "vcpus", "memory_mb", "local_gb", "vcpus_used", "memory_mb_used", "local_gb_used", "running_vms",
            "cpu_allocation_ratio", "ram_allocation_ratio", "disk_allocation_ratio");

    private final ComputeNodeRecords nodes;
    private final HostManager hostManager;
    private final Clock clock;

    ComputeNodeObject(ComputeNodeRecords nodes, HostManager hostManager, Clock clock) {
        this.nodes = nodes;
        this.hostManager = hostManager;
        this.clock = clock;
    }

    @Override
    public String name() {
        return NovaObjects.COMPUTE_NODE;
    }

    @Override
    public String version() {
        return NovaObjects.COMPUTE_NODE_VERSION;
    }

    @Override
    public @Nullable JsonNode classAction(RequestContext context, String method, MethodArgs args) {
        if (!method.equals("get_by_host_and_nodename")) {
            throw NoSuchObjectMethod.onClass(name(), method);
        }
        String host = args.text(method, 0, "host");
        return primitive(data(host, args.text(method, 1, "nodename")));
    }

    @Override
    public Acted action(RequestContext context, VersionedObject object, String method, MethodArgs args) {
        ObjectFields sent = new ObjectFields(object);
        String host = sent.requiredString("host");
        String nodename = sent.requiredString("hypervisor_hostname");
        switch (method) {
            case "create" -> {
                if (sent.isSet("id")) {
                    throw new ObjectActionError("create", "already created");
                }
                hostManager.nodeReported(resources(sent, Objects.requireNonNullElse(sent.integer("memory_mb_used"),
                        ComputeNodeResources.RESERVED_HOST_MEMORY_MB),
                        Objects.requireNonNullElse(sent.integer("local_gb_used"), 0) * 1024), clock.instant());
                log.info("compute node {} of host {} created", nodename, host);
            }
            case "save" -> {
                Map<String, Object> row = nodes.columns(host, nodename)
                        .orElseThrow(() -> new ComputeHostNotFound(host));
                hostManager.nodeReported(resources(sent, ((Number) row.get("reserved_host_memory_mb")).intValue(),
                        ((Number) row.get("reserved_host_disk_mb")).intValue()), clock.instant());
            }
            default -> throw NoSuchObjectMethod.onObject(name(), method);
        }
        return new Acted(data(host, nodename), null);
    }

    /** What the node reports, with the reservations it holds. */
    private static ComputeNodeResources resources(ObjectFields sent, int reservedMemoryMb, int reservedDiskMb) {
        return new ComputeNodeResources(sent.requiredString("host"), sent.requiredString("hypervisor_hostname"),
                Objects.requireNonNullElse(sent.string("hypervisor_type"), "fake"), sent.requiredInteger("vcpus"),
                sent.requiredInteger("memory_mb"), sent.requiredInteger("local_gb"),
                sent.number("cpu_allocation_ratio"), sent.number("ram_allocation_ratio"),
                sent.number("disk_allocation_ratio"), reservedMemoryMb, reservedDiskMb);
    }

    private ObjectNode data(String host, String nodename) {
        return fields(nodes.columns(host, nodename).orElseThrow(() -> new ComputeHostNotFound(host)));
    }

    /** The node's fields as Nova's {@code _from_db_object} sets them from what this table holds of its row. */
    static ObjectNode fields(Map<String, Object> row) {
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        READ.forEach(field -> data.set(field, OsloJson.mapper().valueToTree(row.get(field))));
        int memory = ((Number) row.get("memory_mb")).intValue();
        int disk = ((Number) row.get("local_gb")).intValue();
        data.put("free_ram_mb", memory - ((Number) row.get("memory_mb_used")).intValue());
        data.put("free_disk_gb", disk - ((Number) row.get("local_gb_used")).intValue());
        data.putNull("service_id");
        data.put("created_at", DateTimeField.ofColumn(row.get("created_at")));
        data.put("updated_at", DateTimeField.ofColumn(row.get("updated_at")));
        data.putNull("deleted_at");
        data.put("deleted", false);
        return data;
    }
}
