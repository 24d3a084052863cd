package org.novasim.messaging.config;

import java.util.List;

import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.amqp.autoconfigure.RabbitConnectionDetails;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

import org.novasim.messaging.transport.TransportUrl;

/**
 * {@code nova.rpc.transport-url}, oslo's form of the broker address (several hosts for a cluster), becomes the
 * connection details Spring Boot's RabbitMQ auto-configuration connects with.
 */
@AutoConfiguration(before = RabbitAutoConfiguration.class)
@ConditionalOnProperty("nova.rpc.transport-url")
public class TransportUrlAutoConfiguration {

    @Bean
    RabbitConnectionDetails transportUrlConnectionDetails(org.springframework.core.env.Environment environment) {
        TransportUrl url = TransportUrl.parse(environment.getRequiredProperty("nova.rpc.transport-url"));
        return new RabbitConnectionDetails() {
            @Override
            public String getUsername() {
                return url.username();
            }

            @Override
            public String getPassword() {
                return url.password();
            }

            @Override
            public String getVirtualHost() {
                return url.virtualHost();
            }

            @Override
            public List<Address> getAddresses() {
                return url.hosts().stream().map(h -> new Address(h.host(), h.port())).toList();
            }
        };
    }
}
