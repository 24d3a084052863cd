package org.novasim.nova.objects;

import com.fasterxml.jackson.annotation.JsonValue;

import tools.jackson.databind.node.ObjectNode;

/**
 * One of Nova's versioned objects as NovaSim carries it: on the wire it is always its {@code nova_object} primitive
 * (what Nova's {@code NovaObjectSerializer} sends and reads), never the Java record's own fields.
 */
public interface NovaObject {

    @JsonValue
    ObjectNode toPrimitive();
}
