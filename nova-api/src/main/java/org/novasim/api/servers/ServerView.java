package org.novasim.api.servers;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import org.novasim.api.flavors.FlavorRecords;
import org.novasim.api.web.ApiRequest;
import org.novasim.api.web.HostId;
import org.novasim.api.web.Links;
import org.novasim.api.web.Microversion;
import org.novasim.api.web.MicroversionChange;
import org.novasim.api.web.Timestamps;
import org.novasim.messaging.wire.OsloJson;
import org.novasim.nova.ServiceGroup;
import org.novasim.nova.compute.ServerStatus;
import org.novasim.nova.compute.TaskState;
import org.novasim.nova.compute.VmState;
import org.novasim.nova.objects.Flavor;
import org.novasim.nova.network.Vif;

import tools.jackson.core.type.TypeReference;

/**
 * A server as Nova Zed's API shows it in {@code GET /servers/{id}} and {@code /servers/detail} at the request's
 * microversion: the fields of 2.1, then each later one from the version adding it ({@link MicroversionChange}).
 */
@Component
class ServerView {

    private static final Set<String> PROGRESS_SHOWN = Set.of("ACTIVE", "BUILD", "REBUILD", "RESIZE", "VERIFY_RESIZE",
            "MIGRATING");
    private static final TypeReference<List<Vif>> NETWORK_INFO = new TypeReference<>() { };

    private final ServerRecords records;
    private final FlavorRecords flavors;
    private final ServiceGroup serviceGroup;
    private final Clock clock;

    ServerView(ServerRecords records, FlavorRecords flavors, ServiceGroup serviceGroup, Clock clock) {
        this.records = records;
        this.flavors = flavors;
        this.serviceGroup = serviceGroup;
        this.clock = clock;
    }

    Map<String, Object> summary(ServerRecords.ServerRow s) {
        return Map.of("id", s.uuid(), "name", s.displayName(), "links", Links.of("servers", s.uuid()));
    }

    /** {@code GET /servers/{id}}: the detail, and from 2.71 the server's groups. */
    Map<String, Object> show(ServerRecords.ServerRow s, ApiRequest api) {
        ServerRecords.FaultRow fault = hasFault(s) ? records.latestFault(s.uuid()).orElse(null) : null;
        Map<String, Object> v = detail(s, api, fault, new PageData(records, flavors, List.of(s), api));
        if (api.microversion().has(MicroversionChange.SERVER_GROUPS)) {
            v.put("server_groups", List.of());
        }
        return v;
    }

    /** The fields of 2.1 that {@code PUT /servers/{id}} leaves out of its answer below 2.75 (Nova's update view). */
    private static final Set<String> LEFT_OUT_OF_UPDATE = Set.of("OS-EXT-AZ:availability_zone", "config_drive",
            "key_name", "OS-SRV-USG:launched_at", "OS-SRV-USG:terminated_at", "security_groups",
            "OS-EXT-STS:task_state", "OS-EXT-STS:vm_state", "OS-EXT-STS:power_state",
            "os-extended-volumes:volumes_attached", "host_status");

    /**
     * The answer to {@code PUT /servers/{id}}: from 2.75 the server as {@code GET} shows it; below, without the
     * extended attributes (the 2.90 hostname excepted) and addresses without their type and MAC, as Nova's update
     * passes {@code show_*=False, extend_address=False}.
     */
    Map<String, Object> updated(ServerRecords.ServerRow s, ApiRequest api) {
        Map<String, Object> v = show(s, api);
        if (!api.microversion().has(MicroversionChange.API_CLEANUPS)) {
            v.put("addresses", "building".equals(s.vmState()) ? Map.of() : addresses(s.networkInfo(), false));
            v.keySet().removeIf(key -> LEFT_OUT_OF_UPDATE.contains(key)
                    || key.startsWith("OS-EXT-SRV-ATTR:") && !key.equals("OS-EXT-SRV-ATTR:hostname"));
            if (api.microversion().has(MicroversionChange.HOSTNAME)) {
                v.put("OS-EXT-SRV-ATTR:hostname", hostname(s));
            } else {
                v.remove("OS-EXT-SRV-ATTR:hostname");
            }
        }
        return v;
    }

    /** Several servers, their faults, flavors and hosts' services read in one query each, not one per server. */
    List<Map<String, Object>> details(List<ServerRecords.ServerRow> servers, ApiRequest api) {
        Map<String, ServerRecords.FaultRow> faults = records.latestFaults(
                servers.stream().filter(ServerView::hasFault).map(ServerRecords.ServerRow::uuid).toList());
        PageData page = new PageData(records, flavors, servers, api);
        return servers.stream().map(s -> detail(s, api, faults.get(s.uuid()), page)).toList();
    }

    /**
     * What the servers of one answer share, read once: their flavors, from 2.16 for admins their hosts, from 2.26
     * their tags.
     */
    private record PageData(Map<String, Flavor> flavors, Map<String, ServerRecords.ComputeServiceRow> services,
                            Map<String, List<String>> tags) {

        PageData(ServerRecords records, FlavorRecords flavorRecords, List<ServerRecords.ServerRow> servers,
                 ApiRequest api) {
            this(api.microversion().has(MicroversionChange.FLAVOR_EMBEDDED) ? flavorRecords.byFlavorid() : Map.of(),
                    api.microversion().has(MicroversionChange.HOST_STATUS) && api.isAdmin()
                            ? records.computeServices(servers.stream().map(ServerRecords.ServerRow::host)
                                    .filter(Objects::nonNull).collect(Collectors.toSet()))
                            : Map.of(),
                    api.microversion().has(MicroversionChange.TAGS)
                            ? records.tags(servers.stream().map(ServerRecords.ServerRow::uuid).toList())
                            : Map.of());
        }
    }

    /** Nova shows the latest fault of servers in ERROR or DELETED. */
    private static boolean hasFault(ServerRecords.ServerRow s) {
        return s.vmState().equals(VmState.ERROR.value()) || s.vmState().equals(VmState.DELETED.value());
    }

    /** Nova's {@code ViewBuilder.show}, field by field, the fields of later microversions at the end. */
    private Map<String, Object> detail(ServerRecords.ServerRow s, ApiRequest api, ServerRecords.@Nullable FaultRow f,
                                       PageData page) {
        Microversion version = api.microversion();
        String status = ServerStatus.of(VmState.of(s.vmState()), TaskState.of(s.taskState()));
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", s.uuid());
        v.put("name", s.displayName());
        v.put("status", status);
        v.put("tenant_id", s.projectId());
        v.put("user_id", s.userId());
        v.put("metadata", s.metadata() == null ? Map.of() : OsloJson.mapper().readValue(s.metadata(), Map.class));
        v.put("hostId", HostId.of(s.projectId(), s.host()));
        v.put("image", Map.of("id", s.imageRef(), "links", List.of(Map.of("rel", "bookmark",
                "href", Links.base() + "/images/" + s.imageRef()))));
        v.put("flavor", flavor(s.flavorid(), page, version));
        v.put("created", Timestamps.iso(s.createdAt()));
        v.put("updated", Timestamps.iso(s.updatedAt() == null ? s.createdAt() : s.updatedAt()));
        v.put("addresses", "building".equals(s.vmState()) ? Map.of() : addresses(s.networkInfo(), true));
        v.put("accessIPv4", "");
        v.put("accessIPv6", "");
        v.put("links", Links.of("servers", s.uuid()));
        v.put("OS-DCF:diskConfig", "MANUAL");
        if (PROGRESS_SHOWN.contains(status)) {
            v.put("progress", 0);
        }
        if (f != null && (status.equals("ERROR") || status.equals("DELETED"))) {
            Map<String, Object> fault = new LinkedHashMap<>();
            fault.put("code", f.code());
            fault.put("created", Timestamps.iso(f.createdAt()));
            fault.put("message", f.message());
            if (api.isAdmin() || f.code() != 500) {
                fault.put("details", f.details() == null ? "" : f.details());
            }
            v.put("fault", fault);
        }
        v.put("OS-EXT-AZ:availability_zone", "nova");
        v.put("config_drive", "");
        v.put("key_name", null);
        v.put("OS-SRV-USG:launched_at", Timestamps.micros(s.launchedAt()));
        v.put("OS-SRV-USG:terminated_at", Timestamps.micros(s.terminatedAt()));
        v.put("security_groups", List.of(Map.of("name", "default")));
        if (api.isAdmin()) {
            v.put("OS-EXT-SRV-ATTR:host", s.host());
            v.put("OS-EXT-SRV-ATTR:instance_name", "instance-" + s.uuid().substring(0, 8));
            v.put("OS-EXT-SRV-ATTR:hypervisor_hostname", s.node());
            if (version.has(MicroversionChange.EXTENDED_SERVER_ATTRIBUTES)) {
                v.put("OS-EXT-SRV-ATTR:reservation_id", s.reservationId());
                v.put("OS-EXT-SRV-ATTR:launch_index", s.launchIndex());
                v.put("OS-EXT-SRV-ATTR:hostname", hostname(s));
                v.put("OS-EXT-SRV-ATTR:kernel_id", "");
                v.put("OS-EXT-SRV-ATTR:ramdisk_id", "");
                v.put("OS-EXT-SRV-ATTR:root_device_name", null);
                v.put("OS-EXT-SRV-ATTR:user_data", null);
            }
        }
        v.put("OS-EXT-STS:task_state", s.taskState());
        v.put("OS-EXT-STS:vm_state", s.vmState());
        v.put("OS-EXT-STS:power_state", s.powerState());
        v.put("os-extended-volumes:volumes_attached", List.of());
        if (version.has(MicroversionChange.HOST_STATUS) && api.isAdmin()) {
            v.put("host_status", hostStatus(s.host(), page));
        }
        // NovaSim serves no lock action: Nova's values for an unlocked server.
        if (version.has(MicroversionChange.LOCKED)) {
            v.put("locked", false);
        }
        if (version.has(MicroversionChange.LOCKED_REASON)) {
            v.put("locked_reason", null);
        }
        if (version.has(MicroversionChange.DESCRIPTION)) {
            v.put("description", s.description());
        }
        if (version.has(MicroversionChange.TAGS)) {
            v.put("tags", page.tags().getOrDefault(s.uuid(), List.of()));
        }
        if (version.has(MicroversionChange.TRUSTED_CERTS)) {
            v.put("trusted_image_certificates", s.trustedCerts());
        }
        if (version.has(MicroversionChange.HOSTNAME) && !api.isAdmin()) {
            v.put("OS-EXT-SRV-ATTR:hostname", hostname(s));
        }
        return v;
    }

    /** Below 2.47 the flavor's id and link; from 2.47 the flavor itself, as the instance holds it. */
    private static Map<String, Object> flavor(String flavorid, PageData page, Microversion version) {
        if (!version.has(MicroversionChange.FLAVOR_EMBEDDED)) {
            return Map.of("id", flavorid, "links", List.of(Map.of("rel", "bookmark",
                    "href", Links.base() + "/flavors/" + flavorid)));
        }
        Flavor flavor = page.flavors().get(flavorid);
        if (flavor == null) {
            return Map.of();  // Nova: the instance's flavor is gone from the database
        }
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("vcpus", flavor.vcpus());
        f.put("ram", flavor.memoryMb());
        f.put("disk", flavor.rootGb());
        f.put("ephemeral", flavor.ephemeralGb());
        f.put("swap", flavor.swap());
        f.put("original_name", flavor.name());
        // Nova's show:flavor-extra-specs policy lets project readers see them; NovaSim's flavors have none.
        f.put("extra_specs", Map.of());
        return f;
    }

    /** Nova's {@code get_instance_host_status}: from the host's nova-compute service; "" without one. */
    private String hostStatus(@Nullable String host, PageData page) {
        ServerRecords.ComputeServiceRow service = host == null ? null : page.services().get(host);
        if (service == null) {
            return "";
        }
        if (service.forcedDown()) {
            return "DOWN";
        }
        if (service.disabled()) {
            return "MAINTENANCE";
        }
        Instant lastSeen = service.lastSeen() == null ? null : service.lastSeen().toInstant();
        return serviceGroup.isUp(lastSeen, false, clock.instant()) ? "UP" : "UNKNOWN";
    }

    /** The instance's hostname; a row from before NovaSim kept hostnames has Nova's default for its name. */
    static String hostname(ServerRecords.ServerRow s) {
        if (s.hostname() != null) {
            return s.hostname();
        }
        String sanitized = Hostnames.sanitize(s.displayName());
        return sanitized.isEmpty() ? "Server-" + s.uuid() : sanitized;
    }

    /**
     * {@code {"<network label>": [{"version", "addr", "OS-EXT-IPS:type", "OS-EXT-IPS-MAC:mac_addr"}]}}, the last two
     * only when {@code extended}.
     */
    private static Map<String, Object> addresses(String networkInfo, boolean extended) {
        if (networkInfo == null || networkInfo.isBlank()) {
            return Map.of();
        }
        Map<String, Object> byLabel = new LinkedHashMap<>();
        for (Vif vif : OsloJson.mapper().readValue(networkInfo, NETWORK_INFO)) {
            List<Map<String, Object>> ips = vif.fixedIps().stream().map(ip -> {
                Map<String, Object> a = new LinkedHashMap<>();
                a.put("version", ip.version());
                a.put("addr", ip.address());
                if (extended) {
                    a.put("OS-EXT-IPS:type", "fixed");
                    a.put("OS-EXT-IPS-MAC:mac_addr", vif.address());
                }
                return a;
            }).toList();
            byLabel.put(vif.network().label(), ips);
        }
        return byLabel;
    }
}
