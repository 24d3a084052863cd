package org.novasim.nova.conductor;

/** What a compute node has, as nova-compute's resource tracker reports it (the used part is the conductor's count). */
public record ComputeNodeResources(String host, String hypervisorHostname, String hypervisorType, int vcpus,
                                   int memoryMb, int localGb) {
}
