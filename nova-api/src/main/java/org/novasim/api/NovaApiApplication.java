package org.novasim.api;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/**
 * nova-api: Nova's compute API v2.1 on port 8774. It keeps instances in the Nova database it shares with the
 * conductor and reaches the other services only through their RPC clients.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class NovaApiApplication {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    public static void main(String[] args) {
        SpringApplication.run(NovaApiApplication.class, args);
    }
}
