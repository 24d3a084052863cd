package org.novasim.api.servers;

import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import org.novasim.api.web.ApiRequest;
import org.novasim.api.web.Links;
import org.novasim.api.web.MicroversionChange;
import org.novasim.api.web.NovaApiException;
import org.novasim.nova.compute.VmState;

/**
 * {@code /v2.1/servers/{id}/tags} from 2.26, as Nova's {@code ServerTagsController}: list, replace and remove all
 * of a server's tags, check, add and remove one. Changes need a server at rest (active, paused, suspended,
 * stopped), else 409; at most 50 tags of 1 to 60 characters without ',' or '/'.
 */
@RestController
@RequestMapping("/v2.1/servers/{id}/tags")
class ServerTagsController {

    private static final Logger log = LoggerFactory.getLogger(ServerTagsController.class);
    /** Nova's {@code _check_instance_in_valid_state}. */
    private static final Set<String> TAGGABLE_STATES = Set.of(VmState.ACTIVE.value(), VmState.PAUSED.value(),
            VmState.SUSPENDED.value(), VmState.STOPPED.value());

    private final ServerRecords records;
    private final ServerAccess access;

    ServerTagsController(ServerRecords records, ServerAccess access) {
        this.records = records;
        this.access = access;
    }

    @GetMapping
    Map<String, Object> index(@PathVariable String id, HttpServletRequest request) {
        ServerRecords.ServerRow server = server(id, request);
        return Map.of("tags", tagsOf(server.uuid()));
    }

    @GetMapping("/{tag}")
    ResponseEntity<Void> show(@PathVariable String id, @PathVariable String tag, HttpServletRequest request) {
        ServerRecords.ServerRow server = server(id, request);
        if (!tagsOf(server.uuid()).contains(tag)) {
            throw NovaApiException.notFound("Server " + id + " has no tag '" + tag + "'");
        }
        return ResponseEntity.noContent().build();
    }

    @PutMapping
    Map<String, Object> updateAll(@PathVariable String id, @RequestBody(required = false) Map<String, Object> body,
                                  HttpServletRequest request) {
        ServerRecords.ServerRow server = atRest(server(id, request), "update tags");
        if (body == null || !body.containsKey("tags")) {
            throw ServerFields.invalid("tags", "'tags' is a required property");
        }
        for (String key : body.keySet()) {
            if (!key.equals("tags")) {
                throw NovaApiException.badRequest("Additional properties are not allowed ('" + key
                        + "' was unexpected)");
            }
        }
        if (body.get("tags") == null) {
            throw ServerFields.invalid("tags", "Value: None. None is not of type 'array'");
        }
        List<String> tags = records.replaceTags(server.uuid(), ServerFields.tags(body.get("tags")));
        log.info("server {}: tags set to {}", server.uuid(), tags);
        return Map.of("tags", tags);
    }

    @PutMapping("/{tag}")
    ResponseEntity<Void> update(@PathVariable String id, @PathVariable String tag,
                                @RequestBody(required = false) Object body, HttpServletRequest request) {
        ServerRecords.ServerRow server = atRest(server(id, request), "update tag");
        if (body != null) {
            throw NovaApiException.badRequest("Invalid input for field/attribute . Value: " + body + ". " + body
                    + " is not of type 'null'");
        }
        if (!ServerFields.isTag(tag)) {
            throw NovaApiException.badRequest("Tag '" + tag + "' is invalid. It must be a non empty string without"
                    + " characters '/' and ','. Validation error message: a tag is 1 to " + ServerFields.MAX_TAG_LENGTH
                    + " characters");
        }
        return switch (records.addTag(server.uuid(), tag, ServerFields.MAX_TAGS)) {
            case TOO_MANY -> throw NovaApiException.badRequest("The number of tags exceeded the per-server limit "
                    + ServerFields.MAX_TAGS);
            case ALREADY_THERE -> ResponseEntity.noContent().build();
            case ADDED -> {
                log.info("server {}: tag '{}' added", server.uuid(), tag);
                yield ResponseEntity.status(201).header(HttpHeaders.LOCATION,
                        Links.base() + "/v2.1/servers/" + server.uuid() + "/tags/" + tag).build();
            }
        };
    }

    @DeleteMapping
    ResponseEntity<Void> deleteAll(@PathVariable String id, HttpServletRequest request) {
        ServerRecords.ServerRow server = atRest(server(id, request), "delete tags");
        records.removeTags(server.uuid());
        log.info("server {}: all tags removed", server.uuid());
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping("/{tag}")
    ResponseEntity<Void> delete(@PathVariable String id, @PathVariable String tag, HttpServletRequest request) {
        ServerRecords.ServerRow server = atRest(server(id, request), "delete tag");
        if (!records.removeTag(server.uuid(), tag)) {
            throw NovaApiException.notFound("Instance " + server.uuid() + " has no tag '" + tag + "'");
        }
        log.info("server {}: tag '{}' removed", server.uuid(), tag);
        return ResponseEntity.noContent().build();
    }

    /** The server the caller may see; below 2.26 these routes do not exist (Nova's bare 404). */
    private ServerRecords.ServerRow server(String id, HttpServletRequest request) {
        ApiRequest api = ApiRequest.of(request);
        if (!api.microversion().has(MicroversionChange.TAGS)) {
            throw NovaApiException.notFound("The resource could not be found.");
        }
        return access.visible(id, api);
    }

    private static ServerRecords.ServerRow atRest(ServerRecords.ServerRow server, String action) {
        if (!TAGGABLE_STATES.contains(server.vmState())) {
            throw NovaApiException.conflict("Cannot '" + action + "' instance " + server.uuid() + " while it is in"
                    + " vm_state " + server.vmState());
        }
        return server;
    }

    private List<String> tagsOf(String uuid) {
        return records.tags(List.of(uuid)).getOrDefault(uuid, List.of());
    }
}
