package org.novasim.conductor;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** nova-conductor: its RPC endpoints and HTTP port come with the control-plane work. */
@SpringBootApplication
public class NovaConductorApplication {

    public static void main(String[] args) {
        SpringApplication.run(NovaConductorApplication.class, args);
    }
}
