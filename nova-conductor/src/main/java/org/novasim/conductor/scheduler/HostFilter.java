package org.novasim.conductor.scheduler;

/** One of the scheduler's filters: a host that does not pass cannot take the instance. */
public interface HostFilter {

    boolean passes(HostState host, ResourceRequest request);

    /** Nova's ComputeFilter: only hosts whose nova-compute service is up. */
    HostFilter COMPUTE = (host, request) -> host.serviceUp();

    /** Nova's CoreFilter: enough free vCPUs (no overcommit). */
    HostFilter CORE = (host, request) -> host.freeVcpus() >= request.vcpus();

    /** Nova's RamFilter: enough free RAM. */
    HostFilter RAM = (host, request) -> host.freeRamMb() >= request.memoryMb();

    /** Nova's DiskFilter: enough free disk. */
    HostFilter DISK = (host, request) -> host.freeDiskGb() >= request.diskGb();
}
