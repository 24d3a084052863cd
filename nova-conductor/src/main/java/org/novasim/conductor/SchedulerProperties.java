package org.novasim.conductor;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import org.novasim.messaging.config.PropertyChecks;

/**
 * {@code nova.scheduler.*}.
 *
 * @param maxAttempts hosts tried per instance, the first and its alternates (Nova's {@code [scheduler] max_attempts})
 */
@ConfigurationProperties("nova.scheduler")
public record SchedulerProperties(@DefaultValue("3") int maxAttempts) {

    public SchedulerProperties {
        PropertyChecks.atLeast("nova.scheduler.max-attempts", maxAttempts, 1);
    }
}
