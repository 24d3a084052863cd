package org.novasim.conductor.scheduler;

/**
 * What the scheduler knows of a compute host: whether its service is up, and its compute node's resources, as its
 * last report through the conductor gave them, with the claims made since.
 */
public record HostState(String host, String nodename, boolean serviceUp, int vcpus, int vcpusUsed, int memoryMb,
                        int memoryMbUsed, int localGb, int localGbUsed) {

    public int freeVcpus() {
        return vcpus - vcpusUsed;
    }

    public int freeRamMb() {
        return memoryMb - memoryMbUsed;
    }

    public int freeDiskGb() {
        return localGb - localGbUsed;
    }

    /** This host with a flavor's resources claimed on it. */
    HostState consume(ResourceRequest request) {
        return new HostState(host, nodename, serviceUp, vcpus, vcpusUsed + request.vcpus(), memoryMb,
                memoryMbUsed + request.memoryMb(), localGb, localGbUsed + request.diskGb());
    }
}
