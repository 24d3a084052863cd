package org.novasim.api.admin;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import org.novasim.api.web.ApiRequest;
import org.novasim.api.web.NovaApiException;
import org.novasim.api.web.Timestamps;
import org.novasim.nova.ServiceGroup;

/**
 * The admin-only views of the deployment: {@code /v2.1/os-services} (up or down from their heartbeats, as Nova's
 * service group computes it) and {@code /v2.1/os-hypervisors} (each compute node and what its instances' allocations use).
 */
@RestController
@RequestMapping("/v2.1")
class AdminController {

    private final ServiceRecords records;
    private final ServiceGroup serviceGroup;
    private final Clock clock;

    AdminController(ServiceRecords records, ServiceGroup serviceGroup, Clock clock) {
        this.records = records;
        this.serviceGroup = serviceGroup;
        this.clock = clock;
    }

    private static void requireAdmin(HttpServletRequest request, String rule) {
        if (!ApiRequest.of(request).isAdmin()) {
            throw NovaApiException.forbidden("Policy doesn't allow " + rule + " to be performed.");
        }
    }

    private boolean up(ServiceRecords.ServiceRow s) {
        return serviceGroup.isUp(s.lastSeen() == null ? null : s.lastSeen().toInstant(), s.forcedDown(),
                clock.instant());
    }

    @GetMapping("/os-services")
    Map<String, Object> services(HttpServletRequest request) {
        requireAdmin(request, "os_compute_api:os-services:list");
        return Map.of("services", records.services().stream().map(s -> {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("id", s.id());
            v.put("binary", s.binary());
            v.put("host", s.host());
            v.put("zone", s.binary().equals("nova-compute") ? "nova" : "internal");
            v.put("status", s.disabled() ? "disabled" : "enabled");
            v.put("state", up(s) ? "up" : "down");
            v.put("updated_at", Timestamps.micros(s.lastSeen()));
            v.put("disabled_reason", s.disabledReason());
            return v;
        }).toList());
    }

    @GetMapping("/os-hypervisors")
    Map<String, Object> hypervisors(HttpServletRequest request) {
        requireAdmin(request, "os_compute_api:os-hypervisors:list");
        return Map.of("hypervisors", hypervisorViews(false));
    }

    @GetMapping("/os-hypervisors/detail")
    Map<String, Object> hypervisorDetails(HttpServletRequest request) {
        requireAdmin(request, "os_compute_api:os-hypervisors:list-detail");
        return Map.of("hypervisors", hypervisorViews(true));
    }

    private List<Map<String, Object>> hypervisorViews(boolean detail) {
        Map<String, ServiceRecords.ServiceRow> computeServices = new LinkedHashMap<>();
        records.services().stream().filter(s -> s.binary().equals("nova-compute")).forEach(s -> computeServices.put(s.host(), s));
        return records.nodes().stream().map(n -> {
            ServiceRecords.ServiceRow service = computeServices.get(n.host());
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("id", n.id());
            v.put("hypervisor_hostname", n.hypervisorHostname());
            v.put("state", service != null && up(service) ? "up" : "down");
            v.put("status", service != null && service.disabled() ? "disabled" : "enabled");
            if (detail) {
                // As Nova's resource tracker counts them: the reservations are part of what is used.
                int vcpusUsed = n.vcpusUsed();
                int memoryUsed = n.reservedHostMemoryMb() + n.memoryMbUsed();
                int diskUsed = n.reservedHostDiskMb() / 1024 + n.localGbUsed();
                v.put("hypervisor_type", n.hypervisorType());
                v.put("hypervisor_version", 1000);
                v.put("host_ip", "127.0.0.1");
                v.put("service", Map.of("id", service == null ? 0 : service.id(), "host", n.host(),
                        "disabled_reason", ""));
                v.put("vcpus", n.vcpus());
                v.put("memory_mb", n.memoryMb());
                v.put("local_gb", n.localGb());
                v.put("vcpus_used", vcpusUsed);
                v.put("memory_mb_used", memoryUsed);
                v.put("local_gb_used", diskUsed);
                v.put("free_ram_mb", n.memoryMb() - memoryUsed);
                v.put("free_disk_gb", n.localGb() - diskUsed);
                v.put("current_workload", 0);
                v.put("running_vms", n.runningVms());
                v.put("disk_available_least", n.localGb() - diskUsed);
                v.put("cpu_info", "{}");
            }
            return v;
        }).toList();
    }
}
