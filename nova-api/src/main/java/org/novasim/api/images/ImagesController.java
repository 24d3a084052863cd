package org.novasim.api.images;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import org.novasim.api.web.NovaApiException;

/**
 * {@code /v2.1/images}: the seeded images, in the shape of the Image service (Glance v2), since that is what
 * OpenStack's client expects under the endpoint it is given: {@code {"images": [...]}} filtered by {@code name},
 * and each image as a flat object. {@code imageRef} in a server create names one of these by id. The same under
 * {@code /v2.1/v2/images}, where novaclient's {@code nova boot --image} looks (Glance's path after the one endpoint).
 */
@RestController
@RequestMapping({"/v2.1/images", "/v2.1/v2/images"})
public class ImagesController {

    private static final String CREATED = "2026-01-01T00:00:00Z";

    private final ImageProperties catalog;

    ImagesController(ImageProperties catalog) {
        this.catalog = catalog;
    }

    public Optional<ImageProperties.Image> find(String id) {
        return catalog.images().stream().filter(i -> i.id().equals(id)).findFirst();
    }

    @GetMapping({"", "/detail"})
    Map<String, Object> list(@RequestParam(required = false) String name) {
        return Map.of("images", catalog.images().stream().filter(i -> name == null || i.name().equals(name))
                .map(ImagesController::view).toList());
    }

    @GetMapping("/{id}")
    Map<String, Object> show(@PathVariable String id) {
        return view(find(id).orElseThrow(() -> NovaApiException.notFound("No image found with ID " + id)));
    }

    static Map<String, Object> view(ImageProperties.Image image) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", image.id());
        v.put("name", image.name());
        v.put("status", "active");
        v.put("visibility", "public");
        v.put("protected", false);
        v.put("disk_format", "qcow2");
        v.put("container_format", "bare");
        v.put("size", image.size());
        v.put("min_disk", image.minDisk());
        v.put("min_ram", 0);
        v.put("tags", List.of());
        v.put("created_at", CREATED);
        v.put("updated_at", CREATED);
        v.put("self", "/v2/images/" + image.id());
        v.put("file", "/v2/images/" + image.id() + "/file");
        v.put("schema", "/v2/schemas/image");
        return v;
    }
}
