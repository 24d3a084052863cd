package org.novasim.messaging.config;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** The machine's host name, the default server name as in oslo.messaging ({@code CONF.host}). */
final class LocalHost {

    private LocalHost() {
    }

    static String name() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
