package org.novasim.messaging.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VersionsTest {

    @ParameterizedTest(name = "endpoint {0} accepts {1}: {2}")
    @CsvSource({
            "1.0, 1.0, true",
            "1.3, 1.0, true",
            "1.3, 1.3, true",
            "1.3, 1.4, false",
            "1.3, 2.0, false",
            "2.0, 1.9, false",
            "5.0, 5.0.1, false",
            "5.0.2, 5.0.1, true",
            "5.1, 5.0.9, true",
            "6.2, 6.0, true"})
    void followsOslosVersionIsCompatible(String implemented, String requested, boolean compatible) {
        assertThat(Versions.isCompatible(implemented, requested)).isEqualTo(compatible);
    }

    @ParameterizedTest
    @CsvSource({"1", "one.two", "1.2.3.4", "''"})
    void refusesWhatIsNotAVersion(String version) {
        assertThatThrownBy(() -> Versions.isCompatible("1.0", version)).isInstanceOf(IllegalArgumentException.class);
    }
}
