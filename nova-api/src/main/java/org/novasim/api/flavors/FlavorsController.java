package org.novasim.api.flavors;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import org.novasim.api.web.Links;
import org.novasim.api.web.NovaApiException;
import org.novasim.nova.objects.Flavor;

/** {@code /v2.1/flavors}: the classic flavors, as Nova lists them. */
@RestController
@RequestMapping("/v2.1/flavors")
class FlavorsController {

    private final FlavorRecords flavors;

    FlavorsController(FlavorRecords flavors) {
        this.flavors = flavors;
    }

    @GetMapping
    Map<String, Object> list() {
        return Map.of("flavors", flavors.all().stream()
                .map(f -> Map.of("id", f.flavorid(), "name", f.name(), "links", Links.of("flavors", f.flavorid())))
                .toList());
    }

    @GetMapping("/detail")
    Map<String, Object> detail() {
        return Map.of("flavors", flavors.all().stream().map(FlavorsController::view).toList());
    }

    @GetMapping("/{id}")
    Map<String, Object> show(@PathVariable String id) {
        return Map.of("flavor", view(flavors.find(id).orElseThrow(() -> notFound(id))));
    }

    @GetMapping("/{id}/os-extra_specs")
    Map<String, Object> extraSpecs(@PathVariable String id) {
        flavors.find(id).orElseThrow(() -> notFound(id));
        return Map.of("extra_specs", Map.of());
    }

    static NovaApiException notFound(String id) {
        return NovaApiException.notFound("Flavor " + id + " could not be found.");
    }

    static Map<String, Object> view(Flavor f) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", f.flavorid());
        v.put("name", f.name());
        v.put("ram", f.memoryMb());
        v.put("disk", f.rootGb());
        v.put("swap", f.swap() == 0 ? "" : f.swap());
        v.put("OS-FLV-EXT-DATA:ephemeral", f.ephemeralGb());
        v.put("OS-FLV-DISABLED:disabled", f.disabled());
        v.put("vcpus", f.vcpus());
        v.put("os-flavor-access:is_public", f.isPublic());
        v.put("rxtx_factor", f.rxtxFactor());
        v.put("links", Links.of("flavors", f.flavorid()));
        return v;
    }

}
