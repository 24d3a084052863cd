package org.novasim.conductor;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import org.novasim.messaging.config.PropertyChecks;

/**
 * {@code nova.conductor.*}.
 *
 * @param reportInterval         how often the conductor records its own service heartbeat (Nova's
 *                               {@code report_interval})
 * @param buildCheckInterval     how often the conductor looks for builds that cannot finish any more
 * @param instanceBuildTimeout   a build running longer goes to ERROR (Nova's {@code instance_build_timeout}); 0 never
 * @param heartbeatFlushInterval how long the services' heartbeats wait in memory before they are written together
 */
@ConfigurationProperties("nova.conductor")
public record ConductorProperties(@DefaultValue("10s") Duration reportInterval,
                                  @DefaultValue("10s") Duration buildCheckInterval,
                                  @DefaultValue("10m") Duration instanceBuildTimeout,
                                  @DefaultValue("1s") Duration heartbeatFlushInterval) {

    public ConductorProperties {
        PropertyChecks.positive("nova.conductor.report-interval", reportInterval);
        PropertyChecks.positive("nova.conductor.build-check-interval", buildCheckInterval);
        PropertyChecks.notNegative("nova.conductor.instance-build-timeout", instanceBuildTimeout);
        PropertyChecks.positive("nova.conductor.heartbeat-flush-interval", heartbeatFlushInterval);
    }
}
