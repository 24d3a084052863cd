package org.novasim.conductor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.novasim.testsupport.PropertiesBinding;

/** The conductor's and scheduler's settings: defaults that work, values that cannot refused in one line. */
class ConductorPropertiesTest {

    @Test
    void theDefaultsAreNovas() {
        assertThat(PropertiesBinding.bind(SchedulerProperties.class, Map.of()).maxAttempts()).isEqualTo(3);
        assertThat(PropertiesBinding.bind(ConductorProperties.class, Map.of("NOVA_CONDUCTOR_INSTANCEBUILDTIMEOUT", "0"))
                .instanceBuildTimeout()).as("0: never").isEqualTo(Duration.ZERO);
    }

    @Test
    void valuesThatCannotWorkAreRefused() {
        assertThat(PropertiesBinding.refusal(SchedulerProperties.class, Map.of("NOVA_SCHEDULER_MAXATTEMPTS", "0")))
                .isEqualTo("nova.scheduler.max-attempts is '0': it must be 1 or more");
        assertThat(PropertiesBinding.refusal(ConductorProperties.class, Map.of("NOVA_CONDUCTOR_BUILDCHECKINTERVAL", "0s")))
                .isEqualTo("nova.conductor.build-check-interval is 'PT0S': it must be a duration above zero, such as 10s");
        assertThat(PropertiesBinding.refusal(ConductorProperties.class, Map.of("NOVA_CONDUCTOR_INSTANCEBUILDTIMEOUT", "-1m")))
                .startsWith("nova.conductor.instance-build-timeout is 'PT-1M'");
    }
}
