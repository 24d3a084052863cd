package org.novasim.conductor.scheduler;

import java.util.function.BiPredicate;

/** The scheduler's filters, named as Nova's: a host that does not pass one cannot take the instance. */
public enum HostFilter {

    /** Only hosts whose nova-compute service is up. */
    COMPUTE("ComputeFilter", (host, request) -> host.serviceUp()),
    /** Enough free vCPUs (no overcommit). */
    CORE("CoreFilter", (host, request) -> host.freeVcpus() >= request.vcpus()),
    /** Enough free RAM. */
    RAM("RamFilter", (host, request) -> host.freeRamMb() >= request.memoryMb()),
    /** Enough free disk. */
    DISK("DiskFilter", (host, request) -> host.freeDiskGb() >= request.diskGb());

    private final String novaName;
    private final BiPredicate<HostState, ResourceRequest> test;

    HostFilter(String novaName, BiPredicate<HostState, ResourceRequest> test) {
        this.novaName = novaName;
        this.test = test;
    }

    public boolean passes(HostState host, ResourceRequest request) {
        return test.test(host, request);
    }

    public String novaName() {
        return novaName;
    }
}
