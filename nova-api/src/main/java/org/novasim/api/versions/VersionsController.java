package org.novasim.api.versions;

import java.util.List;
import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import org.novasim.api.web.Links;
import org.novasim.api.web.Microversion;

/** Version discovery, open to all as in Nova: {@code GET /} and {@code GET /v2.1}. */
@RestController
class VersionsController {

    private static final String UPDATED = "2013-07-23T11:33:21Z";

    @GetMapping("/")
    Map<String, Object> versions() {
        return Map.of("versions", List.of(
                Map.of("id", "v2.0", "status", "SUPPORTED", "version", "", "min_version", "",
                        "updated", "2011-01-21T11:33:21Z",
                        "links", List.of(Map.of("rel", "self", "href", Links.base() + "/v2/"))),
                Map.of("id", "v2.1", "status", "CURRENT", "version", Microversion.MAX.toString(),
                        "min_version", Microversion.MIN.toString(), "updated", UPDATED,
                        "links", List.of(Map.of("rel", "self", "href", Links.base() + "/v2.1/")))));
    }

    @GetMapping({"/v2.1", "/v2.1/"})
    Map<String, Object> version() {
        return Map.of("version", Map.of("id", "v2.1", "status", "CURRENT", "version", Microversion.MAX.toString(),
                "min_version", Microversion.MIN.toString(), "updated", UPDATED,
                "links", List.of(Map.of("rel", "self", "href", Links.base() + "/v2.1/"),
                        Map.of("rel", "describedby", "type", "text/html", "href", "http://docs.openstack.org/")),
                "media-types", List.of(Map.of("base", "application/json",
                        "type", "application/vnd.openstack.compute+json;version=2.1"))));
    }
}
