package org.novasim.api.admin;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import org.novasim.api.servers.ServerListProperties;
import org.novasim.api.web.ApiRequest;
import org.novasim.api.web.Links;
import org.novasim.api.web.Microversion;
import org.novasim.api.web.MicroversionChange;
import org.novasim.api.web.NovaApiException;
import org.novasim.api.web.QuerySchema;
import org.novasim.api.web.QueryValues;
import org.novasim.api.web.Timestamps;
import org.novasim.nova.ServiceGroup;

/**
 * The admin-only views of the deployment, as Nova Zed shows them at the request's microversion:
 * {@code /v2.1/os-services} (up or down from their heartbeats, as Nova's service group computes it) and
 * {@code /v2.1/os-hypervisors} (each compute node and what its instances' allocations use).
 */
@RestController
@RequestMapping("/v2.1")
class AdminController {

    /** Nova's {@code index_query_schema} of os-services, strict from 2.75. */
    private static final Set<String> SERVICES_QUERY = Set.of("host", "binary");
    /** Nova's {@code list_query_schema_v253} of os-hypervisors, strict (below 2.53 unknown ones are ignored). */
    private static final Set<String> HYPERVISORS_QUERY_V253 = Set.of("limit", "marker", "hypervisor_hostname_pattern",
            "with_servers");

    private final ServiceRecords records;
    private final ServiceGroup serviceGroup;
    private final Clock clock;
    private final ServerListProperties limits;

    AdminController(ServiceRecords records, ServiceGroup serviceGroup, Clock clock, ServerListProperties limits) {
        this.records = records;
        this.serviceGroup = serviceGroup;
        this.clock = clock;
        this.limits = limits;
    }

    private static ApiRequest requireAdmin(HttpServletRequest request, String rule) {
        ApiRequest api = ApiRequest.of(request);
        if (!api.isAdmin()) {
            throw NovaApiException.forbidden("Policy doesn't allow " + rule + " to be performed.");
        }
        return api;
    }

    private boolean up(ServiceRecords.ServiceRow s) {
        return serviceGroup.isUp(s.lastSeen() == null ? null : s.lastSeen().toInstant(), s.forcedDown(),
                clock.instant());
    }

    /** Ids are the database's below 2.53 and UUIDs from it. */
    private static Object id(long id, String uuid, Microversion version) {
        return version.has(MicroversionChange.UUID_IDS) ? uuid : id;
    }

    @GetMapping("/os-services")
    Map<String, Object> services(HttpServletRequest request) {
        Microversion version = requireAdmin(request, "os_compute_api:os-services:list").microversion();
        if (version.has(MicroversionChange.API_CLEANUPS)) {
            QuerySchema.requireKnown(request.getParameterMap(), SERVICES_QUERY, false);
        }
        String host = request.getParameter("host");
        String binary = request.getParameter("binary");
        return Map.of("services", records.services().stream()
                .filter(s -> (host == null || s.host().equals(host)) && (binary == null || s.binary().equals(binary)))
                .map(s -> {
                    Map<String, Object> v = new LinkedHashMap<>();
                    v.put("id", id(s.id(), s.uuid(), version));
                    v.put("binary", s.binary());
                    v.put("host", s.host());
                    v.put("zone", s.binary().equals("nova-compute") ? "nova" : "internal");
                    v.put("status", s.disabled() ? "disabled" : "enabled");
                    v.put("state", up(s) ? "up" : "down");
                    v.put("updated_at", Timestamps.micros(s.lastSeen()));
                    v.put("disabled_reason", s.disabledReason());
                    if (version.has(MicroversionChange.SERVICE_FORCED_DOWN)) {
                        v.put("forced_down", s.forcedDown());
                    }
                    return v;
                }).toList());
    }

    @GetMapping("/os-hypervisors")
    Map<String, Object> hypervisors(HttpServletRequest request) {
        ApiRequest api = requireAdmin(request, "os_compute_api:os-hypervisors:list");
        return hypervisors(request, api.microversion(), false);
    }

    @GetMapping("/os-hypervisors/detail")
    Map<String, Object> hypervisorDetails(HttpServletRequest request) {
        ApiRequest api = requireAdmin(request, "os_compute_api:os-hypervisors:list-detail");
        return hypervisors(request, api.microversion(), true);
    }

    /**
     * Nova's {@code _get_hypervisors}: every compute node below 2.33; from 2.33 a page of {@code limit} (at most
     * {@code nova.api.max-limit}) after {@code marker}, linked to the next; from 2.53 a hostname pattern instead of
     * paging, and each node's servers on request.
     */
    private Map<String, Object> hypervisors(HttpServletRequest request, Microversion version, boolean detail) {
        boolean paged = version.has(MicroversionChange.HYPERVISOR_PAGING);
        boolean uuids = version.has(MicroversionChange.UUID_IDS);
        Map<String, String[]> parameters = request.getParameterMap();
        if (uuids) {
            QuerySchema.requireKnown(parameters, HYPERVISORS_QUERY_V253, false);
        }
        List<ServiceRecords.NodeRow> nodes = records.nodes();
        String pattern = uuids ? request.getParameter("hypervisor_hostname_pattern") : null;
        boolean withServers = uuids && request.getParameter("with_servers") != null
                && QueryValues.strictBoolean(request.getParameter("with_servers"));
        String marker = paged ? request.getParameter("marker") : null;
        int limit = paged ? QueryValues.limit(request.getParameter("limit"), limits.maxLimit()) : Integer.MAX_VALUE;
        boolean links = paged;
        if (pattern != null) {
            if (request.getParameter("limit") != null || marker != null) {
                throw NovaApiException.badRequest("Paging over hypervisors with the hypervisor_hostname_pattern query"
                        + " parameter is not supported.");
            }
            links = false;
            nodes = nodes.stream().filter(n -> n.hypervisorHostname().contains(pattern)).toList();
            if (nodes.isEmpty()) {
                throw NovaApiException.notFound("No hypervisor matching '" + pattern + "' could be found.");
            }
        } else if (paged) {
            nodes = page(nodes, marker, limit, uuids);
        }
        Map<String, ServiceRecords.ServiceRow> computeServices = new LinkedHashMap<>();
        records.services().stream().filter(s -> s.binary().equals("nova-compute"))
                .forEach(s -> computeServices.put(s.host(), s));
        Map<String, List<ServiceRecords.HostedServer>> servers = withServers
                ? records.serversOn(nodes.stream().map(ServiceRecords.NodeRow::host).distinct().toList()) : Map.of();
        List<Map<String, Object>> views = new ArrayList<>();
        for (ServiceRecords.NodeRow n : nodes) {
            views.add(hypervisor(n, computeServices.get(n.host()), detail, version, withServers,
                    servers.getOrDefault(n.host(), List.of())));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("hypervisors", views);
        if (links && !views.isEmpty() && views.size() == limit) {
            body.put("hypervisors_links", Links.next(request, detail ? "os-hypervisors/detail" : "os-hypervisors",
                    String.valueOf(views.getLast().get("id"))));
        }
        return body;
    }

    /** The nodes after the marker (an id below 2.53, a uuid from it), in id order. */
    private static List<ServiceRecords.NodeRow> page(List<ServiceRecords.NodeRow> nodes, String marker, int limit,
                                                     boolean uuids) {
        int start = 0;
        if (marker != null) {
            int at = -1;
            for (int i = 0; i < nodes.size() && at < 0; i++) {
                ServiceRecords.NodeRow n = nodes.get(i);
                if ((uuids ? n.uuid() : String.valueOf(n.id())).equals(marker)) {
                    at = i;
                }
            }
            if (at < 0) {
                throw NovaApiException.badRequest("marker [" + marker + "] not found");
            }
            start = at + 1;
        }
        return nodes.subList(start, Math.min(nodes.size(), start + Math.max(limit, 0)));
    }

    private Map<String, Object> hypervisor(ServiceRecords.NodeRow n, ServiceRecords.ServiceRow service, boolean detail,
                                           Microversion version, boolean withServers,
                                           List<ServiceRecords.HostedServer> servers) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", id(n.id(), n.uuid(), version));
        v.put("hypervisor_hostname", n.hypervisorHostname());
        v.put("state", service != null && up(service) ? "up" : "down");
        v.put("status", service != null && service.disabled() ? "disabled" : "enabled");
        if (detail) {
            v.put("hypervisor_type", n.hypervisorType());
            v.put("hypervisor_version", 1000);
            v.put("host_ip", "127.0.0.1");
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("id", service == null ? 0 : id(service.id(), service.uuid(), version));
            s.put("host", n.host());
            s.put("disabled_reason", service == null ? null : service.disabledReason());
            v.put("service", s);
        }
        if (detail && !version.has(MicroversionChange.HYPERVISOR_USAGE_REMOVED)) {
            // As Nova's resource tracker counts them: the reservations are part of what is used.
            int memoryUsed = n.reservedHostMemoryMb() + n.memoryMbUsed();
            int diskUsed = n.reservedHostDiskMb() / 1024 + n.localGbUsed();
            v.put("vcpus", n.vcpus());
            v.put("memory_mb", n.memoryMb());
            v.put("local_gb", n.localGb());
            v.put("vcpus_used", n.vcpusUsed());
            v.put("memory_mb_used", memoryUsed);
            v.put("local_gb_used", diskUsed);
            v.put("free_ram_mb", n.memoryMb() - memoryUsed);
            v.put("free_disk_gb", n.localGb() - diskUsed);
            v.put("current_workload", 0);
            v.put("running_vms", n.runningVms());
            v.put("disk_available_least", n.localGb() - diskUsed);
            // The simulated driver reports no CPU model: an empty document, a string until 2.28.
            v.put("cpu_info", version.has(MicroversionChange.CPU_INFO_OBJECT) ? Map.of() : "{}");
        }
        if (detail && version.has(MicroversionChange.HYPERVISOR_USAGE_REMOVED)) {
            // Nova asks the host over RPC; a driver that cannot tell gives None, as the simulated one.
            v.put("uptime", null);
        }
        if (!servers.isEmpty()) {
            v.put("servers", servers.stream().map(s -> Map.of("name", s.name(), "uuid", s.uuid())).toList());
        } else if (withServers && version.has(MicroversionChange.API_CLEANUPS)) {
            v.put("servers", List.of());
        }
        return v;
    }
}
