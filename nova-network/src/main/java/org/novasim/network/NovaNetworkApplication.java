package org.novasim.network;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** nova-network: hands out fixed IPs to instances over RPC ({@link NetworkManager}), keeping them in its own store. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class NovaNetworkApplication {

    public static void main(String[] args) {
        SpringApplication.run(NovaNetworkApplication.class, args);
    }
}
