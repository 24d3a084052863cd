package org.novasim.api.web;

import java.util.List;
import java.util.Map;

import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** Nova's {@code links}: a {@code self} link under {@code /v2.1} and a {@code bookmark} without the version. */
public final class Links {

    private Links() {
    }

    public static String base() {
        return ServletUriComponentsBuilder.fromCurrentContextPath().build().toUriString();
    }

    public static List<Map<String, String>> of(String collection, String id) {
        return List.of(Map.of("rel", "self", "href", base() + "/v2.1/" + collection + "/" + id),
                Map.of("rel", "bookmark", "href", base() + "/" + collection + "/" + id));
    }
}
