package org.novasim.api.servers;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import org.novasim.api.web.ApiRequest;
import org.novasim.api.web.Links;
import org.novasim.api.web.NovaApiException;

/** {@code /v2.1/servers}: create, list, show, delete, and the stop, start and reboot actions. */
@RestController
@RequestMapping("/v2.1/servers")
class ServersController {

    private final ComputeApi compute;
    private final ServerRecords records;
    private final ServerAccess access;
    private final ServerView view;

    ServersController(ComputeApi compute, ServerRecords records, ServerAccess access, ServerView view) {
        this.compute = compute;
        this.records = records;
        this.access = access;
        this.view = view;
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
        server.put("security_groups", java.util.List.of(Map.of("name", "default")));
        server.put("adminPass", created.adminPass());
        return ResponseEntity.accepted().location(URI.create(Links.base() + "/v2.1/servers/" + id))
                .body(Map.of("server", server));
    }

    @GetMapping
    Map<String, Object> list(@RequestParam(required = false) String name,
                             @RequestParam(name = "all_tenants", required = false) String allTenants,
                             HttpServletRequest request) {
        ApiRequest api = ApiRequest.of(request);
        return Map.of("servers", visible(api, name, allTenants).map(view::summary).toList());
    }

    @GetMapping("/detail")
    Map<String, Object> detail(@RequestParam(required = false) String name,
                               @RequestParam(name = "all_tenants", required = false) String allTenants,
                               HttpServletRequest request) {
        ApiRequest api = ApiRequest.of(request);
        return Map.of("servers", visible(api, name, allTenants).map(s -> view.detail(s, api)).toList());
    }

    @GetMapping("/{id}")
    Map<String, Object> show(@PathVariable String id, HttpServletRequest request) {
        ApiRequest api = ApiRequest.of(request);
        return Map.of("server", view.detail(access.visible(id, api), api));
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

    /** The caller's project's servers; an admin sees all with {@code all_tenants}. Names filter as a regex, as in Nova. */
    private java.util.stream.Stream<ServerRecords.ServerRow> visible(ApiRequest api, String name, String allTenants) {
        boolean all = api.isAdmin() && allTenants != null && !allTenants.equalsIgnoreCase("false")
                && !allTenants.equals("0");
        Pattern pattern;
        try {
            pattern = name == null ? null : Pattern.compile(name);
        } catch (PatternSyntaxException e) {
            throw NovaApiException.badRequest("Invalid name filter: " + e.getDescription());
        }
        return records.list(all ? null : api.projectId()).stream()
                .filter(s -> pattern == null || pattern.matcher(s.displayName()).find());
    }
}
