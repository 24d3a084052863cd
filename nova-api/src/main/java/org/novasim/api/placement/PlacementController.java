package org.novasim.api.placement;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import org.novasim.messaging.RequestContext;
import org.novasim.nova.auth.NoAuthToken;

/**
 * A read-only part of the Placement API under {@code /placement}, where Nova shows the allocation ratios and
 * reservations: each compute node is a resource provider (its uuid, named after its hypervisor_hostname) with
 * VCPU, MEMORY_MB and DISK_GB inventories, their usages, and the allocations of the instances on it. Admin only, as
 * placement's default policy; answers and errors in placement's JSON shapes.
 */
@RestController
@RequestMapping("/placement")
class PlacementController {

    private static final String VCPU = "VCPU";
    private static final String MEMORY_MB = "MEMORY_MB";
    private static final String DISK_GB = "DISK_GB";

    private final PlacementRecords records;

    PlacementController(PlacementRecords records) {
        this.records = records;
    }

    @GetMapping("/resource_providers")
    ResponseEntity<Map<String, Object>> providers(HttpServletRequest request) {
        return admin(request, "placement:resource_providers:list", () -> Map.of("resource_providers",
                records.providers().stream().map(PlacementController::provider).toList()));
    }

    @GetMapping("/resource_providers/{uuid}")
    ResponseEntity<Map<String, Object>> provider(HttpServletRequest request, @PathVariable String uuid) {
        return admin(request, "placement:resource_providers:show", () -> provider(found(uuid)));
    }

    @GetMapping("/resource_providers/{uuid}/inventories")
    ResponseEntity<Map<String, Object>> inventories(HttpServletRequest request, @PathVariable String uuid) {
        return admin(request, "placement:resource_providers:inventories:list", () -> {
            PlacementRecords.ProviderRow p = found(uuid);
            Map<String, Object> inventories = new LinkedHashMap<>();
            inventories.put(VCPU, inventory(p.vcpus(), 0, p.cpuAllocationRatio()));
            inventories.put(MEMORY_MB, inventory(p.memoryMb(), p.reservedHostMemoryMb(), p.ramAllocationRatio()));
            // Nova reports reserved_host_disk_mb in whole GB, rounded up.
            inventories.put(DISK_GB, inventory(p.localGb(), (p.reservedHostDiskMb() + 1023) / 1024,
                    p.diskAllocationRatio()));
            return Map.of("resource_provider_generation", p.generation(), "inventories", inventories);
        });
    }

    @GetMapping("/resource_providers/{uuid}/usages")
    ResponseEntity<Map<String, Object>> usages(HttpServletRequest request, @PathVariable String uuid) {
        return admin(request, "placement:resource_providers:usages", () -> {
            PlacementRecords.ProviderRow p = found(uuid);
            return Map.of("resource_provider_generation", p.generation(),
                    "usages", resources(p.vcpusUsed(), p.memoryMbUsed(), p.localGbUsed()));
        });
    }

    @GetMapping("/resource_providers/{uuid}/allocations")
    ResponseEntity<Map<String, Object>> providerAllocations(HttpServletRequest request, @PathVariable String uuid) {
        return admin(request, "placement:resource_providers:allocations:list", () -> {
            PlacementRecords.ProviderRow p = found(uuid);
            Map<String, Object> allocations = new LinkedHashMap<>();
            records.allocationsOnProvider(p.id()).forEach(a -> allocations.put(a.consumerUuid(),
                    Map.of("resources", resources(a.vcpus(), a.memoryMb(), a.diskGb()))));
            return Map.of("resource_provider_generation", p.generation(), "allocations", allocations);
        });
    }

    /** A consumer without allocations has an empty set, as in placement (not a 404). */
    @GetMapping("/allocations/{consumerUuid}")
    ResponseEntity<Map<String, Object>> consumerAllocations(HttpServletRequest request,
                                                            @PathVariable String consumerUuid) {
        return admin(request, "placement:allocations:list", () -> {
            List<PlacementRecords.AllocationRow> rows = records.allocationsOfConsumer(consumerUuid);
            Map<String, Object> allocations = new LinkedHashMap<>();
            rows.forEach(a -> allocations.put(a.providerUuid(), Map.of("generation", a.generation(),
                    "resources", resources(a.vcpus(), a.memoryMb(), a.diskGb()))));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("allocations", allocations);
            if (!rows.isEmpty()) {
                body.put("project_id", rows.getFirst().projectId());
                body.put("user_id", rows.getFirst().userId());
            }
            return body;
        });
    }

    private PlacementRecords.ProviderRow found(String uuid) {
        return records.provider(uuid).orElseThrow(() -> new PlacementError(404, "Not Found",
                "No resource provider with uuid " + uuid + " found"));
    }

    private static Map<String, Object> provider(PlacementRecords.ProviderRow p) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("uuid", p.uuid());
        v.put("name", p.hypervisorHostname());
        v.put("generation", p.generation());
        v.put("parent_provider_uuid", null);
        v.put("root_provider_uuid", p.uuid());
        String self = "/placement/resource_providers/" + p.uuid();
        v.put("links", List.of(Map.of("rel", "self", "href", self),
                Map.of("rel", "inventories", "href", self + "/inventories"),
                Map.of("rel", "usages", "href", self + "/usages"),
                Map.of("rel", "allocations", "href", self + "/allocations")));
        return v;
    }

    /** An inventory as Nova's resource tracker reports it: min_unit and step_size 1, max_unit the total. */
    private static Map<String, Object> inventory(int total, int reserved, double allocationRatio) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("allocation_ratio", allocationRatio);
        v.put("max_unit", total);
        v.put("min_unit", 1);
        v.put("reserved", reserved);
        v.put("step_size", 1);
        v.put("total", total);
        return v;
    }

    private static Map<String, Object> resources(int vcpus, int memoryMb, int diskGb) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put(VCPU, vcpus);
        v.put(MEMORY_MB, memoryMb);
        v.put(DISK_GB, diskGb);
        return v;
    }

    /** Placement's error: {@code {"errors": [{"status", "title", "detail", "code", "request_id"}]}}. */
    private static final class PlacementError extends RuntimeException {
        private final int status;
        private final String title;

        PlacementError(int status, String title, String detail) {
            super(detail);
            this.status = status;
            this.title = title;
        }

        ResponseEntity<Map<String, Object>> answer(String requestId) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("status", status);
            error.put("title", title);
            error.put("detail", getMessage());
            error.put("code", "placement.undefined_code");
            error.put("request_id", requestId);
            return ResponseEntity.status(status).header("openstack-request-id", requestId)
                    .body(Map.of("errors", List.of(error)));
        }
    }

    /** Checks the noauth token (admin only, placement's default policy) and answers, or answers the error. */
    private static ResponseEntity<Map<String, Object>> admin(HttpServletRequest request, String rule,
                                                             Supplier<Map<String, Object>> body) {
        String requestId = RequestContext.newRequestId();
        try {
            NoAuthToken token = NoAuthToken.parse(request.getHeader(NoAuthToken.HEADER));
            if (token == null) {
                throw new PlacementError(401, "Unauthorized", "The request you have made requires authentication.");
            }
            if (!token.isAdmin()) {
                throw new PlacementError(403, "Forbidden", "Policy does not allow " + rule + " to be performed.");
            }
            return ResponseEntity.ok().header("openstack-request-id", requestId).body(body.get());
        } catch (PlacementError e) {
            return e.answer(requestId);
        }
    }
}
