package org.novasim.api.servers;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import org.novasim.messaging.config.PropertyChecks;

/**
 * {@code nova.api.*} of server lists.
 *
 * @param maxLimit the most servers one page lists, whatever {@code limit} asks (Nova's {@code [api] max_limit},
 *                 formerly {@code osapi_max_limit})
 */
@ConfigurationProperties("nova.api")
public record ServerListProperties(@DefaultValue("1000") int maxLimit) {

    public ServerListProperties {
        PropertyChecks.atLeast("nova.api.max-limit", maxLimit, 1);
    }
}
