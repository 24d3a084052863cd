package org.novasim.api.actions;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import org.novasim.api.servers.ServerAccess;
import org.novasim.api.servers.ServerListProperties;
import org.novasim.api.servers.ServerRecords;
import org.novasim.api.web.ApiRequest;
import org.novasim.api.web.HostId;
import org.novasim.api.web.Links;
import org.novasim.api.web.Microversion;
import org.novasim.api.web.MicroversionChange;
import org.novasim.api.web.NovaApiException;
import org.novasim.api.web.QuerySchema;
import org.novasim.api.web.QueryValues;
import org.novasim.api.web.Timestamps;

/**
 * {@code /v2.1/servers/{id}/os-instance-actions}: each request on a server, and the events of its steps, as Nova
 * Zed's {@code InstanceActionsController} at the request's microversion: a deleted server's actions from 2.21,
 * events for non-admins from 2.51, paging and {@code updated_at} from 2.58, each event's host from 2.62,
 * {@code changes-before} from 2.66 and each event's {@code details} from 2.84.
 */
@RestController
@RequestMapping("/v2.1/servers/{serverId}/os-instance-actions")
class InstanceActionsController {

    /** Nova's {@code list_query_params_v258}, and {@code _v266}: strict. */
    private static final Set<String> LIST_QUERY_V258 = Set.of("limit", "marker", "changes-since");
    private static final Set<String> LIST_QUERY_V266 = Set.of("limit", "marker", "changes-since", "changes-before");

    private final InstanceActionRecords actions;
    private final ServerAccess servers;
    private final ServerListProperties limits;

    InstanceActionsController(InstanceActionRecords actions, ServerAccess servers, ServerListProperties limits) {
        this.actions = actions;
        this.servers = servers;
        this.limits = limits;
    }

    /** The server, deleted or not from 2.21. */
    private ServerRecords.ServerRow server(String serverId, ApiRequest api) {
        return api.microversion().has(MicroversionChange.DELETED_SERVER_ACTIONS)
                ? servers.visibleIncludingDeleted(serverId, api) : servers.visible(serverId, api);
    }

    @GetMapping
    Map<String, Object> list(@PathVariable String serverId, HttpServletRequest request) {
        ApiRequest api = ApiRequest.of(request);
        Microversion version = api.microversion();
        server(serverId, api);
        if (!version.has(MicroversionChange.ACTION_PAGING)) {
            return Map.of("instanceActions", actions.list(serverId).stream().map(a -> view(a, version)).toList());
        }
        Map<String, String[]> parameters = request.getParameterMap();
        QuerySchema.requireKnown(parameters, version.has(MicroversionChange.CHANGES_BEFORE) ? LIST_QUERY_V266
                : LIST_QUERY_V258, false);
        Instant since = QueryValues.time("changes-since", request.getParameter("changes-since"));
        Instant before = QueryValues.time("changes-before", request.getParameter("changes-before"));
        if (since != null && before != null && before.isBefore(since)) {
            throw NovaApiException.badRequest("The value of changes-since must be less than or equal to"
                    + " changes-before.");
        }
        int limit = QueryValues.limit(request.getParameter("limit"), limits.maxLimit());
        List<InstanceActionRecords.ActionRow> page;
        try {
            page = actions.page(serverId, new InstanceActionRecords.Page(limit, request.getParameter("marker"), since,
                    before));
        } catch (InstanceActionRecords.MarkerNotFound e) {
            throw NovaApiException.badRequest(e.getMessage());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("instanceActions", page.stream().map(a -> view(a, version)).toList());
        if (!page.isEmpty() && page.size() == limit) {
            body.put("links", Links.next(request, "servers/" + serverId + "/os-instance-actions",
                    page.getLast().requestId()));
        }
        return body;
    }

    @GetMapping("/{requestId}")
    Map<String, Object> show(@PathVariable String serverId, @PathVariable String requestId, HttpServletRequest request) {
        ApiRequest api = ApiRequest.of(request);
        Microversion version = api.microversion();
        ServerRecords.ServerRow server = server(serverId, api);
        InstanceActionRecords.ActionRow action = actions.find(serverId, requestId)
                .orElseThrow(() -> NovaApiException.notFound("Action " + requestId + " not found"));
        Map<String, Object> view = view(action, version);
        // Nova's events policy is admin-only: admins see events with tracebacks; others see them from 2.51.
        boolean admin = api.isAdmin();
        if (admin || version.has(MicroversionChange.EVENTS_FOR_ALL)) {
            String projectId = action.projectId() != null ? action.projectId() : server.projectId();
            view.put("events", actions.events(action.id()).stream().map(e -> {
                Map<String, Object> ev = new LinkedHashMap<>();
                ev.put("event", e.event());
                ev.put("start_time", Timestamps.micros(e.startTime()));
                ev.put("finish_time", Timestamps.micros(e.finishTime()));
                ev.put("result", e.result());
                if (admin) {
                    ev.put("traceback", e.traceback());
                }
                if (admin && version.has(MicroversionChange.EVENT_HOST)) {
                    ev.put("host", e.host());
                }
                if (version.has(MicroversionChange.EVENT_HOST)) {
                    ev.put("hostId", HostId.of(projectId, e.host()));
                }
                if (admin && version.has(MicroversionChange.EVENT_DETAILS)) {
                    ev.put("details", e.details());
                }
                return ev;
            }).toList());
        }
        return Map.of("instanceAction", view);
    }

    private static Map<String, Object> view(InstanceActionRecords.ActionRow a, Microversion version) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("action", a.action());
        v.put("instance_uuid", a.instanceUuid());
        v.put("request_id", a.requestId());
        v.put("user_id", a.userId());
        v.put("project_id", a.projectId());
        v.put("start_time", Timestamps.micros(a.startTime()));
        v.put("message", a.message());
        if (version.has(MicroversionChange.ACTION_PAGING)) {
            v.put("updated_at", Timestamps.micros(a.updatedAt()));
        }
        return v;
    }
}
