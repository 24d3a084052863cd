package org.novasim.nova.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import org.novasim.messaging.config.PropertyChecks;

/** {@code nova.topics.*}: the services' RPC topics, as Nova's {@code *_topic} options. */
@ConfigurationProperties("nova.topics")
public record NovaTopics(@DefaultValue("network") String network, @DefaultValue("conductor") String conductor,
                         @DefaultValue("compute") String compute, @DefaultValue("scheduler") String scheduler) {

    public NovaTopics {
        PropertyChecks.notBlank("nova.topics.network", network);
        PropertyChecks.notBlank("nova.topics.conductor", conductor);
        PropertyChecks.notBlank("nova.topics.compute", compute);
        PropertyChecks.notBlank("nova.topics.scheduler", scheduler);
    }
}
