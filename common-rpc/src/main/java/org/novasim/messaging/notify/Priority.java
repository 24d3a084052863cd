package org.novasim.messaging.notify;

/** oslo.messaging's notification priorities; the routing key is {@code <topic>.<priority in lower case>}. */
public enum Priority {
    AUDIT, DEBUG, INFO, WARN, ERROR, CRITICAL, SAMPLE;

    String routingSuffix() {
        return name().toLowerCase();
    }
}
