package org.novasim.compute;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * nova-compute: one process runs several simulated hosts, each reporting through the conductor (and, next, each
 * consuming its own {@code compute.<host>} queue).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class NovaComputeApplication {

    public static void main(String[] args) {
        SpringApplication.run(NovaComputeApplication.class, args);
    }
}
