package org.novasim.api.flavors;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import org.novasim.api.web.ApiRequest;
import org.novasim.api.web.Links;
import org.novasim.api.web.Microversion;
import org.novasim.api.web.MicroversionChange;
import org.novasim.api.web.NovaApiException;
import org.novasim.api.web.QuerySchema;
import org.novasim.nova.objects.Flavor;

/**
 * {@code /v2.1/flavors}: the classic flavors, as Nova Zed's flavors view shows them at the request's microversion
 * ({@code description} from 2.55, {@code extra_specs} from 2.61, {@code swap} 0 rather than "" from 2.75).
 */
@RestController
@RequestMapping("/v2.1/flavors")
class FlavorsController {

    /** Nova's {@code index_query}, strict from 2.75. */
    private static final Set<String> LIST_QUERY = Set.of("limit", "marker", "is_public", "minRam", "minDisk",
            "sort_key", "sort_dir");

    private final FlavorRecords flavors;

    FlavorsController(FlavorRecords flavors) {
        this.flavors = flavors;
    }

    @GetMapping
    Map<String, Object> list(HttpServletRequest request) {
        Microversion version = listVersion(request);
        return Map.of("flavors", flavors.all().stream().map(f -> {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("id", f.flavorid());
            v.put("name", f.name());
            v.put("links", Links.of("flavors", f.flavorid()));
            if (version.has(MicroversionChange.FLAVOR_DESCRIPTION)) {
                v.put("description", null);
            }
            return v;
        }).toList());
    }

    @GetMapping("/detail")
    Map<String, Object> detail(HttpServletRequest request) {
        Microversion version = listVersion(request);
        return Map.of("flavors", flavors.all().stream().map(f -> view(f, version)).toList());
    }

    @GetMapping("/{id}")
    Map<String, Object> show(@PathVariable String id, HttpServletRequest request) {
        return Map.of("flavor", view(flavors.find(id).orElseThrow(() -> notFound(id)),
                ApiRequest.of(request).microversion()));
    }

    @GetMapping("/{id}/os-extra_specs")
    Map<String, Object> extraSpecs(@PathVariable String id) {
        flavors.find(id).orElseThrow(() -> notFound(id));
        return Map.of("extra_specs", Map.of());
    }

    private static Microversion listVersion(HttpServletRequest request) {
        Microversion version = ApiRequest.of(request).microversion();
        if (version.has(MicroversionChange.API_CLEANUPS)) {
            QuerySchema.requireKnown(request.getParameterMap(), LIST_QUERY, false);
        }
        return version;
    }

    static NovaApiException notFound(String id) {
        return NovaApiException.notFound("Flavor " + id + " could not be found.");
    }

    static Map<String, Object> view(Flavor f, Microversion version) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", f.flavorid());
        v.put("name", f.name());
        v.put("ram", f.memoryMb());
        v.put("disk", f.rootGb());
        v.put("swap", f.swap() != 0 ? f.swap() : version.has(MicroversionChange.API_CLEANUPS) ? 0 : "");
        v.put("OS-FLV-EXT-DATA:ephemeral", f.ephemeralGb());
        v.put("OS-FLV-DISABLED:disabled", f.disabled());
        v.put("vcpus", f.vcpus());
        v.put("os-flavor-access:is_public", f.isPublic());
        v.put("rxtx_factor", f.rxtxFactor());
        v.put("links", Links.of("flavors", f.flavorid()));
        // NovaSim's flavors carry no description or extra specs: Nova's values for none.
        if (version.has(MicroversionChange.FLAVOR_DESCRIPTION)) {
            v.put("description", null);
        }
        if (version.has(MicroversionChange.FLAVOR_EXTRA_SPECS)) {
            v.put("extra_specs", Map.of());
        }
        return v;
    }
}
