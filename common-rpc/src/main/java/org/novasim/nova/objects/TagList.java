package org.novasim.nova.objects;

import java.util.List;

import org.novasim.messaging.objects.ObjectData;

import tools.jackson.databind.node.ObjectNode;

/**
 * A server's tags as Nova's {@code TagList} object 1.1 of {@code Tag} 1.1 objects: what Nova's compute API casts
 * in {@code schedule_and_build_instances}, each tag without its resource id.
 */
public record TagList(List<String> tags) implements NovaObject {

    public TagList {
        tags = List.copyOf(tags);
    }

    public static TagList empty() {
        return new TagList(List.of());
    }

    @Override
    public ObjectNode toPrimitive() {
        return NovaObjects.write(NovaObjects.TAG_LIST, NovaObjects.TAG_LIST_VERSION, new ObjectData().put("objects",
                tags.stream().map(t -> NovaObjects.write(NovaObjects.TAG, NovaObjects.TAG_VERSION,
                        new ObjectData().put("tag", t))).toList()));
    }
}
