package org.novasim.conductor;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code nova.scheduler.*}.
 *
 * @param maxAttempts             hosts tried per instance, the first and its alternates (Nova's
 *                                {@code [scheduler] max_attempts})
 * @param hostStateRefreshInterval how stale the host manager's states may be before a scheduling request reloads
 *                                 them from the database (reports and claims of other conductor processes)
 */
@ConfigurationProperties("nova.scheduler")
public record SchedulerProperties(@DefaultValue("3") int maxAttempts,
                                  @DefaultValue("1s") Duration hostStateRefreshInterval) {

    public SchedulerProperties {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("nova.scheduler.max-attempts must be at least 1");
        }
    }
}
