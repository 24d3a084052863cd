package org.novasim.nova.objects;

/**
 * What a compute host is told of an instance to build: who owns it, its flavor and image. Its states live in the
 * database, changed through the conductor.
 */
public record Instance(String uuid, String displayName, String projectId, String userId, Flavor flavor,
                       String imageRef) {
}
