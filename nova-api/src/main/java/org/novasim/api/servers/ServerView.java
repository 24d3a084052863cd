package org.novasim.api.servers;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import org.novasim.api.web.ApiRequest;
import org.novasim.api.web.Links;
import org.novasim.api.web.Timestamps;
import org.novasim.messaging.wire.OsloJson;
import org.novasim.nova.compute.ServerStatus;
import org.novasim.nova.compute.TaskState;
import org.novasim.nova.compute.VmState;
import org.novasim.nova.network.Vif;

import tools.jackson.core.type.TypeReference;

/** A server as Nova's API v2.1 shows it in {@code GET /servers/{id}} and {@code /servers/detail}. */
@Component
class ServerView {

    private static final Set<String> PROGRESS_SHOWN = Set.of("ACTIVE", "BUILD", "REBUILD", "RESIZE", "VERIFY_RESIZE",
            "MIGRATING");
    private static final TypeReference<List<Vif>> NETWORK_INFO = new TypeReference<>() { };

    private final ServerRecords records;

    ServerView(ServerRecords records) {
        this.records = records;
    }

    Map<String, Object> summary(ServerRecords.ServerRow s) {
        return Map.of("id", s.uuid(), "name", s.displayName(), "links", Links.of("servers", s.uuid()));
    }

    Map<String, Object> detail(ServerRecords.ServerRow s, ApiRequest api) {
        return detail(s, api, hasFault(s) ? records.latestFault(s.uuid()).orElse(null) : null);
    }

    /** Several servers, their faults read in one query rather than one per server. */
    List<Map<String, Object>> details(List<ServerRecords.ServerRow> servers, ApiRequest api) {
        Map<String, ServerRecords.FaultRow> faults = records.latestFaults(
                servers.stream().filter(ServerView::hasFault).map(ServerRecords.ServerRow::uuid).toList());
        return servers.stream().map(s -> detail(s, api, faults.get(s.uuid()))).toList();
    }

    /** Nova shows the latest fault of servers in ERROR or DELETED. */
    private static boolean hasFault(ServerRecords.ServerRow s) {
        return s.vmState().equals(VmState.ERROR.value()) || s.vmState().equals(VmState.DELETED.value());
    }

    private Map<String, Object> detail(ServerRecords.ServerRow s, ApiRequest api, ServerRecords.@Nullable FaultRow f) {
        String status = ServerStatus.of(VmState.of(s.vmState()), TaskState.of(s.taskState()));
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", s.uuid());
        v.put("name", s.displayName());
        v.put("status", status);
        v.put("tenant_id", s.projectId());
        v.put("user_id", s.userId());
        v.put("metadata", s.metadata() == null ? Map.of() : OsloJson.mapper().readValue(s.metadata(), Map.class));
        v.put("hostId", hostId(s.projectId(), s.host()));
        v.put("image", Map.of("id", s.imageRef(), "links", List.of(Map.of("rel", "bookmark",
                "href", Links.base() + "/images/" + s.imageRef()))));
        v.put("flavor", Map.of("id", s.flavorid(), "links", List.of(Map.of("rel", "bookmark",
                "href", Links.base() + "/flavors/" + s.flavorid()))));
        v.put("created", Timestamps.iso(s.createdAt()));
        v.put("updated", Timestamps.iso(s.updatedAt() == null ? s.createdAt() : s.updatedAt()));
        v.put("addresses", "building".equals(s.vmState()) ? Map.of() : addresses(s.networkInfo()));
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
        v.put("OS-EXT-STS:task_state", s.taskState());
        v.put("OS-EXT-STS:vm_state", s.vmState());
        v.put("OS-EXT-STS:power_state", s.powerState());
        v.put("os-extended-volumes:volumes_attached", List.of());
        if (api.isAdmin()) {
            v.put("OS-EXT-SRV-ATTR:host", s.host());
            v.put("OS-EXT-SRV-ATTR:instance_name", "instance-" + s.uuid().substring(0, 8));
            v.put("OS-EXT-SRV-ATTR:hypervisor_hostname", s.node());
        }
        return v;
    }

    /** {@code {"<network label>": [{"version", "addr", "OS-EXT-IPS:type", "OS-EXT-IPS-MAC:mac_addr"}]}}. */
    private static Map<String, Object> addresses(String networkInfo) {
        if (networkInfo == null || networkInfo.isBlank()) {
            return Map.of();
        }
        Map<String, Object> byLabel = new LinkedHashMap<>();
        for (Vif vif : OsloJson.mapper().readValue(networkInfo, NETWORK_INFO)) {
            List<Map<String, Object>> ips = vif.fixedIps().stream().map(ip -> {
                Map<String, Object> a = new LinkedHashMap<>();
                a.put("version", ip.version());
                a.put("addr", ip.address());
                a.put("OS-EXT-IPS:type", "fixed");
                a.put("OS-EXT-IPS-MAC:mac_addr", vif.address());
                return a;
            }).toList();
            byLabel.put(vif.network().label(), ips);
        }
        return byLabel;
    }

    /** Nova's hostId: sha224 of project id and host, empty without a host. */
    static String hostId(String projectId, String host) {
        if (host == null) {
            return "";
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-224").digest((projectId + host).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
