package org.novasim.api.limits;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import org.novasim.api.web.ApiRequest;
import org.novasim.api.web.Microversion;
import org.novasim.api.web.MicroversionChange;
import org.novasim.api.web.NovaApiException;
import org.novasim.api.web.QuerySchema;

/**
 * {@code GET /v2.1/limits}: a project's absolute limits and what it uses, as Nova Zed's limits view shows them at
 * the request's microversion. NovaSim enforces no project quota, so each limit is -1 (Nova's unlimited) but the
 * metadata items it does check; the usage is counted from the project's live servers and their flavors.
 */
@RestController
class LimitsController {

    /** The metadata items a server may carry, as {@code ServerCreateRequest} checks them. */
    private static final int METADATA_ITEMS = 128;
    private static final int UNLIMITED = -1;

    private final JdbcClient jdbc;

    LimitsController(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private record Usage(long instances, long cores, long ram) {
    }

    @GetMapping("/v2.1/limits")
    Map<String, Object> limits(HttpServletRequest request) {
        ApiRequest api = ApiRequest.of(request);
        Microversion version = api.microversion();
        if (version.has(MicroversionChange.API_CLEANUPS)) {
            QuerySchema.requireKnown(request.getParameterMap(), Set.of("tenant_id"), false);
        }
        String projectId = api.projectId();
        if (request.getParameter("tenant_id") != null) {
            if (!api.isAdmin()) {
                throw NovaApiException.forbidden("Policy doesn't allow os_compute_api:limits:other_project to be"
                        + " performed.");
            }
            projectId = request.getParameter("tenant_id");
        }
        boolean networkLimits = !version.has(MicroversionChange.PROXY_APIS_DEPRECATED);
        boolean personalityLimits = !version.has(MicroversionChange.PERSONALITY_REMOVED);
        Usage usage = jdbc.sql("SELECT COUNT(*) AS instances, COALESCE(SUM(f.vcpus), 0) AS cores,"
                        + " COALESCE(SUM(f.memory_mb), 0) AS ram FROM instances i JOIN flavors f"
                        + " ON f.flavorid = i.flavorid WHERE i.project_id = ? AND i.deleted = FALSE")
                .param(projectId).query(Usage.class).single();

        Map<String, Object> absolute = new LinkedHashMap<>();
        absolute.put("maxTotalRAMSize", UNLIMITED);
        absolute.put("maxTotalInstances", UNLIMITED);
        absolute.put("maxTotalCores", UNLIMITED);
        absolute.put("maxTotalKeypairs", UNLIMITED);
        if (networkLimits) {
            absolute.put("maxTotalFloatingIps", UNLIMITED);
        }
        absolute.put("maxServerMeta", METADATA_ITEMS);
        if (!version.has(MicroversionChange.IMAGE_META_LIMIT_REMOVED)) {
            absolute.put("maxImageMeta", METADATA_ITEMS);
        }
        if (personalityLimits) {
            absolute.put("maxPersonality", UNLIMITED);
            absolute.put("maxPersonalitySize", UNLIMITED);
        }
        if (networkLimits) {
            absolute.put("maxSecurityGroups", UNLIMITED);
            absolute.put("maxSecurityGroupRules", UNLIMITED);
        }
        absolute.put("maxServerGroups", UNLIMITED);
        absolute.put("maxServerGroupMembers", UNLIMITED);
        absolute.put("totalRAMUsed", usage.ram());
        absolute.put("totalCoresUsed", usage.cores());
        absolute.put("totalInstancesUsed", usage.instances());
        if (networkLimits) {
            absolute.put("totalFloatingIpsUsed", 0);
            absolute.put("totalSecurityGroupsUsed", 0);
        }
        absolute.put("totalServerGroupsUsed", 0);
        return Map.of("limits", Map.of("rate", List.of(), "absolute", absolute));
    }
}
