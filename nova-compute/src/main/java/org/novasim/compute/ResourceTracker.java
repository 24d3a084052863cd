package org.novasim.compute;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.novasim.messaging.RemoteError;
import org.novasim.messaging.RequestContext;
import org.novasim.messaging.wire.OsloJson;
import org.novasim.nova.conductor.ComputeNodeResources;
import org.novasim.nova.objects.IndirectionApi;
import org.novasim.nova.objects.NovaObjects;
import org.novasim.nova.objects.RemoteObject;
import org.novasim.nova.objects.ZedObjectVersions;

import tools.jackson.databind.JsonNode;

/**
 * One host's compute node as Nova's resource tracker keeps it through the conductor: looked up on the first
 * {@code update_available_resource} ({@code ComputeNode.get_by_host_and_nodename}), created if the conductor has
 * none, and afterwards saved only when what the driver reports changed (Nova's {@code _resource_change}). The
 * simulated driver runs nothing, so what is used is what is reserved.
 */
final class ResourceTracker {

    private static final Logger log = LoggerFactory.getLogger(ResourceTracker.class);
    private static final String NOT_FOUND = "ComputeHostNotFound";
    /**
     * What the driver reports and a save compares: what is used is the conductor's count of allocations here (its
     * placement), which the node's answers carry and a compute running nothing would only undo.
     */
    private static final List<String> REPORTED = List.of("hypervisor_type", "vcpus", "memory_mb", "local_gb",
            "cpu_allocation_ratio", "ram_allocation_ratio", "disk_allocation_ratio");

    private final IndirectionApi conductor;
    private volatile RemoteObject node;

    ResourceTracker(IndirectionApi conductor) {
        this.conductor = conductor;
    }

    /**
     * Nova's {@code _init_compute_node}: the node looked up once, and created if the conductor has none.
     *
     * @return true if it was created now
     */
    boolean init(RequestContext context, ComputeNodeResources resources) {
        if (node != null) {
            return false;
        }
        RemoteObject found = find(context, resources);
        if (found != null) {
            node = found;
            return false;
        }
        Map<String, Object> fields = fields(resources);
        fields.put("uuid", UUID.randomUUID().toString());
        RemoteObject created = RemoteObject.created(NovaObjects.COMPUTE_NODE, NovaObjects.COMPUTE_NODE_VERSION, fields);
        created.create(conductor, context);
        node = created;
        log.info("compute node {} of host {} created", resources.hypervisorHostname(), resources.host());
        return true;
    }

    /** Nova's {@code _update}: the initialized node saved only when what the driver reports changed. */
    boolean update(RequestContext context, ComputeNodeResources resources) {
        Map<String, Object> fields = fields(resources);
        if (node == null) {
            throw new IllegalStateException("the compute node of " + resources.host() + " is not initialized");
        }
        for (String field : REPORTED) {
            Object value = fields.get(field);
            if (!OsloJson.mapper().valueToTree(value).equals(node.get(field))) {
                node.set(field, value);
            }
        }
        if (node.changes().isEmpty()) {
            return false;
        }
        node.save(conductor, context, Map.of());
        return true;
    }

    private RemoteObject find(RequestContext context, ComputeNodeResources resources) {
        try {
            JsonNode found = conductor.objectClassAction(context, NovaObjects.COMPUTE_NODE, "get_by_host_and_nodename",
                    ZedObjectVersions.COMPUTE_NODE, List.of(resources.host(), resources.hypervisorHostname()), Map.of());
            return found == null ? null : RemoteObject.loaded(found, NovaObjects.COMPUTE_NODE,
                    NovaObjects.COMPUTE_NODE_VERSION);
        } catch (RemoteError e) {
            if (NOT_FOUND.equals(e.excType())) {
                return null;
            }
            throw e;
        }
    }

    /** The fields Nova's {@code update_from_virt_driver} and {@code _update_usage} set, for a node running nothing. */
    private static Map<String, Object> fields(ComputeNodeResources r) {
        int reservedDiskGb = r.reservedHostDiskMb() / 1024;
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("host", r.host());
        fields.put("hypervisor_hostname", r.hypervisorHostname());
        fields.put("hypervisor_type", r.hypervisorType());
        fields.put("vcpus", r.vcpus());
        fields.put("memory_mb", r.memoryMb());
        fields.put("local_gb", r.localGb());
        fields.put("vcpus_used", 0);
        fields.put("memory_mb_used", r.reservedHostMemoryMb());
        fields.put("local_gb_used", reservedDiskGb);
        fields.put("free_ram_mb", r.memoryMb() - r.reservedHostMemoryMb());
        fields.put("free_disk_gb", r.localGb() - reservedDiskGb);
        fields.put("current_workload", 0);
        fields.put("running_vms", 0);
        fields.put("cpu_allocation_ratio", r.cpuAllocationRatio());
        fields.put("ram_allocation_ratio", r.ramAllocationRatio());
        fields.put("disk_allocation_ratio", r.diskAllocationRatio());
        return fields;
    }
}
