package org.novasim.conductor;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import org.novasim.messaging.config.PropertyChecks;

/**
 * {@code nova.scheduler.*}.
 *
 * @param maxAttempts             hosts tried per instance, the first and its alternates (Nova's
 *                                {@code [scheduler] max_attempts})
 * @param hostStateRefreshInterval how stale the host manager's states may be before a scheduling request reloads
 *                                 them from the database (reports and claims of other conductor processes)
 * @param shuffleBestSameWeighedHosts shuffle the hosts sharing the best weight (Nova's
 *                                 {@code [filter_scheduler] shuffle_best_same_weighed_hosts}, false in Nova): on by
 *                                 default here, because requests scheduled at once, by one conductor or several,
 *                                 would otherwise all claim the same idle host and queue on its row
 * @param hostSubsetSize           choose at random among this many best hosts ({@code host_subset_size})
 */
@ConfigurationProperties("nova.scheduler")
public record SchedulerProperties(@DefaultValue("3") int maxAttempts,
                                  @DefaultValue("1s") Duration hostStateRefreshInterval,
                                  @DefaultValue("true") boolean shuffleBestSameWeighedHosts,
                                  @DefaultValue("1") int hostSubsetSize) {

    public SchedulerProperties {
        PropertyChecks.atLeast("nova.scheduler.max-attempts", maxAttempts, 1);
        PropertyChecks.atLeast("nova.scheduler.host-subset-size", hostSubsetSize, 1);
        PropertyChecks.notNegative("nova.scheduler.host-state-refresh-interval", hostStateRefreshInterval);
    }
}
