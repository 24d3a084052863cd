package org.novasim.messaging.transport;

import java.time.Duration;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * A publish that finds no connection (the broker restarting, a cluster node gone) is tried again after
 * {@code interval}, then {@code backoff} longer each time up to {@code intervalMax}, as oslo's
 * {@code rabbit_retry_interval}, {@code rabbit_retry_backoff} and {@code rabbit_interval_max}; unlike oslo's casts
 * it gives up after {@code maxRetries}, so that no request waits for ever, and the caller gets the failure.
 */
public record PublishRetry(@DefaultValue("4") int maxRetries, @DefaultValue("1s") Duration interval,
                           @DefaultValue("2s") Duration backoff, @DefaultValue("30s") Duration intervalMax) {

    /** The defaults, for code that builds the layer without Spring's binder. */
    public static final PublishRetry DEFAULT = new PublishRetry(4, Duration.ofSeconds(1), Duration.ofSeconds(2),
            Duration.ofSeconds(30));

    /** How long to wait before retry number {@code retry} (1 for the first). */
    public Duration delay(int retry) {
        Duration delay = interval.plus(backoff.multipliedBy(retry - 1L));
        return delay.compareTo(intervalMax) > 0 ? intervalMax : delay;
    }
}
