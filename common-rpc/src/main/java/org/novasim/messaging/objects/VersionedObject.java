package org.novasim.messaging.objects;

import java.util.List;

import tools.jackson.databind.node.ObjectNode;

/**
 * An oslo.versionedobjects primitive: the object's class name, the project namespace it belongs to, its version,
 * the fields that are set ({@code data}) and those changed since it was loaded ({@code changes}).
 */
public record VersionedObject(String name, String namespace, String version, ObjectNode data, List<String> changes) {
}
