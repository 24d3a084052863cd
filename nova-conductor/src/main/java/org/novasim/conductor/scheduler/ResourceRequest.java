package org.novasim.conductor.scheduler;

/** What one instance of a flavor needs from a host: vCPUs, RAM and disk (root plus ephemeral). */
public record ResourceRequest(int vcpus, int memoryMb, int diskGb) {
}
