package org.novasim.api.images;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

import org.novasim.messaging.config.PropertyChecks;

/**
 * {@code nova.api.images}: the read-only image catalog nova-api serves under its own endpoint (OpenStack's client
 * looks images up there when it has no image service).
 */
@ConfigurationProperties("nova.api")
public record ImageProperties(List<Image> images) {

    public ImageProperties {
        images = images == null || images.isEmpty() ? List.of(
                new Image("a1c0a5b2-5c29-4d36-9a4f-3c6f0e6b7c01", "cirros-0.6.2-x86_64-disk", 21430272, 1),
                new Image("b8d8f2f4-3e1a-4f5e-8f1e-7b2d9c0e4a02", "ubuntu-22.04", 663552000, 3))
                : List.copyOf(images);
        for (int i = 0; i < images.size(); i++) {
            Image image = images.get(i);
            String prefix = "nova.api.images[" + i + "].";
            PropertyChecks.notBlank(prefix + "id", image.id());
            PropertyChecks.notBlank(prefix + "name", image.name());
            PropertyChecks.atLeast(prefix + "size", image.size(), 0);
            PropertyChecks.atLeast(prefix + "min-disk", image.minDisk(), 0);
            for (int j = 0; j < i; j++) {
                if (images.get(j).id().equals(image.id())) {
                    throw PropertyChecks.invalid(prefix + "id", image.id(), "an id no other image has");
                }
            }
        }
    }

    /** @param minDisk GB a flavor's root disk must have */
    public record Image(String id, String name, long size, int minDisk) {
    }
}
