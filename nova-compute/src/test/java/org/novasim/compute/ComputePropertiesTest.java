package org.novasim.compute;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.novasim.testsupport.PropertiesBinding;

/** {@code nova.compute.*}: defaults that work, and values that cannot refused in one line naming the property. */
class ComputePropertiesTest {

    @Test
    void hostsGivenByNameOrByCount() {
        assertThat(PropertiesBinding.bind(ComputeProperties.class, Map.of("NOVA_COMPUTE_HOSTS_0", "h1",
                "NOVA_COMPUTE_HOSTS_1", "h2")).hostNames("base")).containsExactly("h1", "h2");
        assertThat(PropertiesBinding.bind(ComputeProperties.class, Map.of("NOVA_COMPUTE_HOSTCOUNT", "3"))
                .hostNames("base")).containsExactly("base-1", "base-2", "base-3");
    }

    @Test
    void valuesThatCannotWorkAreRefused() {
        assertThat(PropertiesBinding.refusal(ComputeProperties.class, Map.of("NOVA_COMPUTE_HOSTCOUNT", "0")))
                .isEqualTo("nova.compute.host-count is '0': it must be 1 or more");
        assertThat(PropertiesBinding.refusal(ComputeProperties.class, Map.of("NOVA_COMPUTE_VCPUS", "-8")))
                .isEqualTo("nova.compute.vcpus is '-8': it must be 1 or more");
        assertThat(PropertiesBinding.refusal(ComputeProperties.class, Map.of("NOVA_COMPUTE_HOSTS_0", "h1",
                "NOVA_COMPUTE_HOSTS_1", "h1"))).isEqualTo("nova.compute.hosts[1] is 'h1': it must be a name no other host has");
        assertThat(PropertiesBinding.refusal(ComputeProperties.class, Map.of("NOVA_COMPUTE_DRIVER_FAILURERATE", "1.5")))
                .isEqualTo("nova.compute.driver.failure-rate is '1.5': it must be a share from 0 (no spawn fails) to 1"
                        + " (every spawn fails)");
        assertThat(PropertiesBinding.refusal(ComputeProperties.class, Map.of("NOVA_COMPUTE_REPORTINTERVAL", "0s")))
                .startsWith("nova.compute.report-interval is 'PT0S'");
    }
}
