package org.novasim.nova.objects;

/** A flavor as Nova's objects carry it: the size of an instance. */
public record Flavor(String flavorid, String name, int vcpus, int memoryMb, int rootGb, int ephemeralGb, int swap,
                     double rxtxFactor, boolean isPublic, boolean disabled) {
}
