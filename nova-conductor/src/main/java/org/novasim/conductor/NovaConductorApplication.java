package org.novasim.conductor;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/**
 * nova-conductor: the database proxy of the services that have no database access, and (next) the scheduler and
 * build orchestration. It applies the Nova database's migrations, as {@code nova-manage db sync} would.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class NovaConductorApplication {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    public static void main(String[] args) {
        SpringApplication.run(NovaConductorApplication.class, args);
    }
}
