package org.novasim.api.servers;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import org.novasim.api.web.ApiRequest;
import org.novasim.api.web.Links;
import org.novasim.api.web.NovaApiException;

/** {@code /v2.1/servers}: create, list, show, update, delete, and the stop, start and reboot actions. */
@RestController
@RequestMapping("/v2.1/servers")
class ServersController {

    private final ComputeApi compute;
    private final ServerRecords records;
    private final ServerAccess access;
    private final ServerView view;
    private final ServerListProperties listProperties;

    ServersController(ComputeApi compute, ServerRecords records, ServerAccess access, ServerView view,
                      ServerListProperties listProperties) {
        this.compute = compute;
        this.records = records;
        this.access = access;
        this.view = view;
        this.listProperties = listProperties;
    }

    @PostMapping
    ResponseEntity<Map<String, Object>> create(@RequestBody(required = false) Map<String, Object> body,
                                               HttpServletRequest request) {
        ApiRequest api = ApiRequest.of(request);
        ComputeApi.Created created = compute.create(ServerCreateRequest.parse(body, api.microversion()), api);
        String id = created.uuids().getFirst();
        Map<String, Object> server = new LinkedHashMap<>();
        server.put("id", id);
        server.put("links", Links.of("servers", id));
        server.put("OS-DCF:diskConfig", "MANUAL");
        server.put("security_groups", List.of(Map.of("name", "default")));
        server.put("adminPass", created.adminPass());
        return ResponseEntity.accepted().location(URI.create(Links.base() + "/v2.1/servers/" + id))
                .body(Map.of("server", server));
    }

    @GetMapping
    Map<String, Object> list(HttpServletRequest request) {
        return servers(request, false);
    }

    @GetMapping("/detail")
    Map<String, Object> detail(HttpServletRequest request) {
        return servers(request, true);
    }

    @GetMapping("/{id}")
    Map<String, Object> show(@PathVariable String id, HttpServletRequest request) {
        ApiRequest api = ApiRequest.of(request);
        return Map.of("server", view.show(access.visible(id, api), api));
    }

    /** Nova's {@code update}: name, and from 2.19 description, from 2.90 hostname; 200 with the server. */
    @PutMapping("/{id}")
    Map<String, Object> update(@PathVariable String id, @RequestBody(required = false) Map<String, Object> body,
                               HttpServletRequest request) {
        ApiRequest api = ApiRequest.of(request);
        ServerRecords.ServerRow server = access.visible(id, api);
        compute.update(server, ServerUpdateRequest.parse(body, api.microversion()));
        return Map.of("server", view.updated(access.visible(id, api), api));
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable String id, HttpServletRequest request) {
        ApiRequest api = ApiRequest.of(request);
        compute.delete(access.visible(id, api), api);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/{id}/action")
    ResponseEntity<Void> action(@PathVariable String id, @RequestBody(required = false) Map<String, Object> body,
                                HttpServletRequest request) {
        ApiRequest api = ApiRequest.of(request);
        if (body == null || body.size() != 1) {
            throw NovaApiException.badRequest("There is no such action: " + (body == null ? "none" : body.keySet()));
        }
        var server = access.visible(id, api);
        String action = body.keySet().iterator().next();
        switch (action) {
            case "os-stop" -> compute.stop(server, api);
            case "os-start" -> compute.start(server, api);
            case "reboot" -> compute.reboot(server, rebootType(body.get("reboot")), api);
            default -> throw NovaApiException.badRequest("There is no such action: " + action);
        }
        return ResponseEntity.accepted().build();
    }

    private static String rebootType(Object reboot) {
        if (reboot instanceof Map<?, ?> m && m.get("type") instanceof String type
                && (type.equalsIgnoreCase("SOFT") || type.equalsIgnoreCase("HARD"))) {
            return type.toUpperCase();
        }
        throw NovaApiException.badRequest("Invalid input for field/attribute reboot. 'type' must be SOFT or HARD");
    }

    /**
     * One page of the servers the caller may list, newest first, with a {@code next} link when the page is full:
     * Nova's {@code _get_servers} and its view's {@code servers_links}.
     */
    private Map<String, Object> servers(HttpServletRequest request, boolean detail) {
        ApiRequest api = ApiRequest.of(request);
        ServerListQuery query = ServerListQuery.parse(request.getParameterMap(), api, detail,
                listProperties.maxLimit());
        if (query.matchesNothing()) {
            return Map.of("servers", List.of());
        }
        List<ServerRecords.ServerRow> page;
        try {
            page = records.page(query);
        } catch (ServerRecords.MarkerNotFound e) {
            throw NovaApiException.badRequest(e.getMessage());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("servers", detail ? view.details(page, api) : page.stream().map(view::summary).toList());
        if (!page.isEmpty() && page.size() == query.limit()) {
            body.put("servers_links", Links.next(request, detail ? "servers/detail" : "servers",
                    page.getLast().uuid()));
        }
        return body;
    }
}
