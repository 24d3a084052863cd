package org.novasim.nova.objects;

import com.fasterxml.jackson.annotation.JsonCreator;

import org.novasim.messaging.objects.ObjectData;
import org.novasim.messaging.objects.ObjectFields;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The image of a boot as Nova's {@code ImageMeta} object 1.8, as far as NovaSim's images go. */
public record ImageMeta(String id, String name, Integer minDisk, Integer minRam) implements NovaObject {

    @Override
    public ObjectNode toPrimitive() {
        return NovaObjects.write(NovaObjects.IMAGE_META, NovaObjects.IMAGE_META_VERSION, new ObjectData()
                .putIfSet("id", id).putIfSet("name", name).putIfSet("min_disk", minDisk).putIfSet("min_ram", minRam));
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static ImageMeta fromPrimitive(JsonNode primitive) {
        ObjectFields f = NovaObjects.read(primitive, "image", NovaObjects.IMAGE_META, NovaObjects.IMAGE_META_VERSION);
        return new ImageMeta(f.string("id"), f.string("name"), f.integer("min_disk"), f.integer("min_ram"));
    }
}
