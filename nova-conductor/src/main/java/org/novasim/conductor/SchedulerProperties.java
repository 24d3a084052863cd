package org.novasim.conductor;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code nova.scheduler.*}.
 *
 * @param maxAttempts     hosts tried per instance, the first and its alternates (Nova's {@code [scheduler] max_attempts})
 * @param serviceDownTime a host whose last report is older is down (Nova's {@code service_down_time})
 */
@ConfigurationProperties("nova.scheduler")
public record SchedulerProperties(@DefaultValue("3") int maxAttempts, @DefaultValue("60s") Duration serviceDownTime) {
}
