package org.novasim.nova.compute;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.novasim.messaging.wire.OsloJson;

class ServerStatusTest {

    @ParameterizedTest(name = "{0} / {1} -> {2}")
    @CsvSource(nullValues = "none", value = {
            "building, scheduling, BUILD",
            "building, spawning, BUILD",
            "active, none, ACTIVE",
            "active, powering-off, ACTIVE",
            "active, rebooting, REBOOT",
            "active, reboot_started, REBOOT",
            "active, rebooting_hard, HARD_REBOOT",
            "stopped, none, SHUTOFF",
            "stopped, powering-on, SHUTOFF",
            "error, none, ERROR",
            "deleted, none, DELETED",
            "soft-delete, none, SOFT_DELETED",
            "shelved_offloaded, none, SHELVED_OFFLOADED"})
    void followsNovasStatusFromState(String vmState, String taskState, String status) {
        assertThat(ServerStatus.of(VmState.of(vmState), TaskState.of(taskState))).isEqualTo(status);
    }

    @ParameterizedTest
    @CsvSource({"powering-off", "block_device_mapping", "reboot_pending_hard"})
    void statesTravelAsNovaSpellsThem(String taskState) {
        assertThat(OsloJson.mapper().writeValueAsString(TaskState.of(taskState))).isEqualTo("\"" + taskState + "\"");
        assertThat(OsloJson.mapper().readValue("\"" + taskState + "\"", TaskState.class)).isEqualTo(TaskState.of(taskState));
    }
}
