package org.novasim.api.servers;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code nova.api.*} of server lists.
 *
 * @param maxLimit the most servers one page lists, whatever {@code limit} asks (Nova's {@code [api] max_limit},
 *                 formerly {@code osapi_max_limit})
 */
@ConfigurationProperties("nova.api")
public record ServerListProperties(@DefaultValue("1000") int maxLimit) {

    public ServerListProperties {
        if (maxLimit < 1) {
            throw new IllegalArgumentException("nova.api.max-limit must be 1 or more (servers per page), not "
                    + maxLimit);
        }
    }
}
