package org.novasim.network;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** nova-network: its RPC endpoints and HTTP port come with the control-plane work. */
@SpringBootApplication
public class NovaNetworkApplication {

    public static void main(String[] args) {
        SpringApplication.run(NovaNetworkApplication.class, args);
    }
}
