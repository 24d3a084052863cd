package org.novasim.messaging.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TransportUrlTest {

    @Test
    void readsOneHost() {
        TransportUrl url = TransportUrl.parse("rabbit://nova:s3cret@rabbit1:5673/nova");
        assertThat(url.hosts()).containsExactly(new TransportUrl.Host("rabbit1", 5673));
        assertThat(url.username()).isEqualTo("nova");
        assertThat(url.password()).isEqualTo("s3cret");
        assertThat(url.virtualHost()).isEqualTo("nova");
    }

    @Test
    void readsAClusterAndDefaults() {
        TransportUrl url = TransportUrl.parse("rabbit://u:p@r1:5672,u:p@r2,u:p@r3:5674/?heartbeat=30");
        assertThat(url.hosts()).containsExactly(new TransportUrl.Host("r1", 5672), new TransportUrl.Host("r2", 5672),
                new TransportUrl.Host("r3", 5674));
        assertThat(url.virtualHost()).isEqualTo("/");
    }

    @Test
    void decodesEscapedCredentials() {
        TransportUrl url = TransportUrl.parse("rabbit://us%40er:p%3Aw@localhost/%2F");
        assertThat(url.username()).isEqualTo("us@er");
        assertThat(url.password()).isEqualTo("p:w");
        assertThat(url.virtualHost()).isEqualTo("/");
    }

    @Test
    void refusesOtherSchemes() {
        assertThatThrownBy(() -> TransportUrl.parse("amqp://localhost")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rabbit://");
        assertThatThrownBy(() -> TransportUrl.parse("rabbit://h:port/")).isInstanceOf(IllegalArgumentException.class);
    }
}
