package org.novasim.messaging.notify;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A payload in oslo.versionedobjects' primitive form, as Nova's versioned notifications carry it:
 * {@code {"nova_object.name": ..., "nova_object.data": {...}, "nova_object.version": ..., "nova_object.namespace": "nova"}}.
 *
 * @param serialNamespace the key prefix ({@code nova_object} for Nova)
 * @param namespace       the project namespace ({@code nova})
 * @param data            the fields; a value may itself be a {@code VersionedPayload}
 */
public record VersionedPayload(String serialNamespace, String namespace, String name, String version,
                               Map<String, Object> data) {

    public Map<String, Object> toPrimitive() {
        Map<String, Object> fields = new LinkedHashMap<>();
        data.forEach((k, v) -> fields.put(k, v instanceof VersionedPayload nested ? nested.toPrimitive() : v));
        Map<String, Object> p = new LinkedHashMap<>();
        p.put(serialNamespace + ".name", name);
        p.put(serialNamespace + ".data", fields);
        p.put(serialNamespace + ".version", version);
        p.put(serialNamespace + ".namespace", namespace);
        return p;
    }
}
