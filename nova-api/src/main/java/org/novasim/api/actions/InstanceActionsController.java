package org.novasim.api.actions;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import org.novasim.api.servers.ServerAccess;
import org.novasim.api.web.ApiRequest;
import org.novasim.api.web.NovaApiException;
import org.novasim.api.web.Timestamps;

/** {@code /v2.1/servers/{id}/os-instance-actions}: each request on a server, and the events of its steps. */
@RestController
@RequestMapping("/v2.1/servers/{serverId}/os-instance-actions")
class InstanceActionsController {

    private final InstanceActionRecords actions;
    private final ServerAccess servers;

    InstanceActionsController(InstanceActionRecords actions, ServerAccess servers) {
        this.actions = actions;
        this.servers = servers;
    }

    @GetMapping
    Map<String, Object> list(@PathVariable String serverId, HttpServletRequest request) {
        servers.visible(serverId, ApiRequest.of(request));
        return Map.of("instanceActions", actions.list(serverId).stream().map(InstanceActionsController::view).toList());
    }

    @GetMapping("/{requestId}")
    Map<String, Object> show(@PathVariable String serverId, @PathVariable String requestId, HttpServletRequest request) {
        ApiRequest api = ApiRequest.of(request);
        servers.visible(serverId, api);
        InstanceActionRecords.ActionRow action = actions.find(serverId, requestId)
                .orElseThrow(() -> NovaApiException.notFound("Action " + requestId + " not found"));
        Map<String, Object> view = view(action);
        List<Map<String, Object>> events = actions.events(action.id()).stream().map(e -> {
            Map<String, Object> ev = new LinkedHashMap<>();
            ev.put("event", e.event());
            ev.put("start_time", Timestamps.micros(e.startTime()));
            ev.put("finish_time", Timestamps.micros(e.finishTime()));
            ev.put("result", e.result());
            ev.put("traceback", api.isAdmin() ? e.traceback() : null);
            if (api.isAdmin()) {
                ev.put("host", e.host());
            }
            return ev;
        }).toList();
        view.put("events", events);
        return Map.of("instanceAction", view);
    }

    private static Map<String, Object> view(InstanceActionRecords.ActionRow a) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("action", a.action());
        v.put("instance_uuid", a.instanceUuid());
        v.put("request_id", a.requestId());
        v.put("user_id", a.userId());
        v.put("project_id", a.projectId());
        v.put("start_time", Timestamps.micros(a.startTime()));
        v.put("message", a.message());
        return v;
    }
}
