package org.novasim.conductor.scheduler;

import java.time.Instant;

import org.novasim.nova.ServiceGroup;

/**
 * The scheduler's filters, named as Nova Zed's defaults where NovaSim has the data. Zed has no CoreFilter, RamFilter
 * or DiskFilter any more: placement's allocation candidates ({@link HostState#hasCapacityFor}) already hold only the
 * hosts with room under their allocation ratios, so what is left to filter is the service.
 */
public enum HostFilter {

    /** Only hosts whose nova-compute service is enabled and up. */
    COMPUTE("ComputeFilter");

    private final String novaName;

    HostFilter(String novaName) {
        this.novaName = novaName;
    }

    public boolean passes(HostState host, ServiceGroup serviceGroup, Instant now) {
        return switch (this) {
            case COMPUTE -> host.serviceUp(serviceGroup, now);
        };
    }

    public String novaName() {
        return novaName;
    }
}
