package org.novasim.nova.compute;

import com.fasterxml.jackson.annotation.JsonValue;

/** Nova's {@code task_state}: what is being done to an instance; none (null) when idle. */
public enum TaskState {
    SCHEDULING("scheduling"), NETWORKING("networking"), BLOCK_DEVICE_MAPPING("block_device_mapping"),
    SPAWNING("spawning"), DELETING("deleting"), POWERING_OFF("powering-off"), POWERING_ON("powering-on"),
    REBOOTING("rebooting"), REBOOT_PENDING("reboot_pending"), REBOOT_STARTED("reboot_started"),
    REBOOTING_HARD("rebooting_hard"), REBOOT_PENDING_HARD("reboot_pending_hard"),
    REBOOT_STARTED_HARD("reboot_started_hard");

    private final String value;

    TaskState(String value) {
        this.value = value;
    }

    @JsonValue
    public String value() {
        return value;
    }

    public static TaskState of(String value) {
        if (value == null) {
            return null;
        }
        for (TaskState s : values()) {
            if (s.value.equals(value)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown task_state " + value);
    }

    boolean isSoftReboot() {
        return this == REBOOTING || this == REBOOT_PENDING || this == REBOOT_STARTED;
    }

    boolean isHardReboot() {
        return this == REBOOTING_HARD || this == REBOOT_PENDING_HARD || this == REBOOT_STARTED_HARD;
    }
}
