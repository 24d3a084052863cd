package org.novasim.nova.objects;

/** A host chosen for an instance (the first of a host list) or one of its alternates, as Nova's Selection object. */
public record Selection(String serviceHost, String nodename) {
}
