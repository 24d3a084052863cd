package org.novasim.conductor;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code nova.conductor.*}.
 *
 * @param reportInterval how often the conductor records its own service heartbeat (Nova's {@code report_interval})
 */
@ConfigurationProperties("nova.conductor")
public record ConductorProperties(@DefaultValue("10s") Duration reportInterval) {
}
