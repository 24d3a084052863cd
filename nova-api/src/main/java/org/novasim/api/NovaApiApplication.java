package org.novasim.api;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** nova-api: its RPC endpoints and HTTP port come with the control-plane work. */
@SpringBootApplication
public class NovaApiApplication {

    public static void main(String[] args) {
        SpringApplication.run(NovaApiApplication.class, args);
    }
}
