package org.novasim.compute;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** nova-compute: its RPC endpoints and HTTP port come with the control-plane work. */
@SpringBootApplication
public class NovaComputeApplication {

    public static void main(String[] args) {
        SpringApplication.run(NovaComputeApplication.class, args);
    }
}
