package org.novasim.messaging.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class PublishRetryTest {

    @Test
    void waitsLongerEachTimeUpToTheMaximum() {
        PublishRetry retry = new PublishRetry(10, Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(6));
        assertThat(retry.delay(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(retry.delay(2)).isEqualTo(Duration.ofSeconds(3));
        assertThat(retry.delay(3)).isEqualTo(Duration.ofSeconds(5));
        assertThat(retry.delay(4)).isEqualTo(Duration.ofSeconds(6));
        assertThat(retry.delay(9)).isEqualTo(Duration.ofSeconds(6));
    }
}
