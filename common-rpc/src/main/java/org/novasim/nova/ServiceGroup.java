package org.novasim.nova;

import java.time.Duration;
import java.time.Instant;

/** Nova's database service group driver: a service is up if it reported within {@code service_down_time}. */
public final class ServiceGroup {

    /** Nova's default {@code service_down_time}. */
    public static final Duration DEFAULT_DOWN_TIME = Duration.ofSeconds(60);

    private ServiceGroup() {
    }

    public static boolean isUp(Instant lastSeen, boolean forcedDown, Instant now, Duration downTime) {
        return !forcedDown && lastSeen != null && !lastSeen.isBefore(now.minus(downTime));
    }
}
