package org.novasim.api.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.servlet.http.HttpServletRequest;

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

    /**
     * A collection's {@code next} link, as Nova's {@code _get_next_link}: the request's query parameters sorted by
     * name (the last value of each), with {@code marker} set to the last item of the page.
     */
    public static List<Map<String, String>> next(HttpServletRequest request, String collection, String lastId) {
        Map<String, String> parameters = new TreeMap<>();
        request.getParameterMap().forEach((name, values) -> parameters.put(name, values[values.length - 1]));
        parameters.put("marker", lastId);
        StringBuilder query = new StringBuilder();
        parameters.forEach((name, value) -> query.append(query.isEmpty() ? "" : "&").append(encode(name)).append('=')
                .append(encode(value)));
        return List.of(Map.of("rel", "next", "href", base() + "/v2.1/" + collection + "?" + query));
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
