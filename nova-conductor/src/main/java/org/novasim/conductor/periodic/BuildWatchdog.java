package org.novasim.conductor.periodic;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import org.novasim.conductor.ConductorProperties;
import org.novasim.conductor.db.FaultRecords;
import org.novasim.conductor.db.InstanceRecords;
import org.novasim.conductor.scheduler.Claims;
import org.novasim.messaging.RequestContext;
import org.novasim.nova.ServiceGroup;
import org.novasim.nova.service.PeriodicTask;

/**
 * The conductor's periodic task that ends builds nobody will finish, so that no instance stays in BUILD: one whose
 * compute host's service went down (a crashed nova-compute), and one building past {@code instance_build_timeout}
 * (a cast lost with a non-durable queue, say). Each goes to ERROR with a fault and its allocation is released in
 * the same transaction; of two conductors' watchdogs, only the one whose update applied does either. Nova's compute
 * does the timeout part for its own host ({@code _check_instance_build_time}); a host that is gone cannot, hence here.
 */
@Component
class BuildWatchdog extends PeriodicTask {

    private static final Logger log = LoggerFactory.getLogger(BuildWatchdog.class);

    private final InstanceRecords instances;
    private final FaultRecords faults;
    private final Claims claims;
    private final ServiceGroup serviceGroup;
    private final ConductorProperties properties;
    private final Clock clock;

    BuildWatchdog(InstanceRecords instances, FaultRecords faults, Claims claims, ServiceGroup serviceGroup,
                  ConductorProperties properties, Clock clock) {
        super("build-watchdog", properties.buildCheckInterval(), properties.buildCheckInterval());
        this.instances = instances;
        this.faults = faults;
        this.claims = claims;
        this.serviceGroup = serviceGroup;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    protected void run(RequestContext context) {
        Instant now = clock.instant();
        for (InstanceRecords.BuildingRow build : instances.building()) {
            String reason = reasonToFail(build, now);
            // The ERROR, its fault and the release commit together: nobody sees the one without the others.
            if (reason != null && claims.releaseIf(build.uuid(), () -> instances.failBuild(build.uuid(), now)
                    && faults.create(build.uuid(), 500, reason, "", build.host(), now))) {
                log.info("instance {} is in ERROR: {}", build.uuid(), reason);
            }
        }
    }

    private String reasonToFail(InstanceRecords.BuildingRow build, Instant now) {
        if (build.host() != null && !serviceGroup.isUp(
                build.hostLastSeen() == null ? null : build.hostLastSeen().toInstant(), false, now)) {
            return "Compute host " + build.host() + " went down while the instance was building.";
        }
        Duration timeout = properties.instanceBuildTimeout();
        if (!timeout.isZero() && build.createdAt().toInstant().plus(timeout).isBefore(now)) {
            return "Instance build timed out. Set to error state.";
        }
        return null;
    }
}
