package org.novasim.nova.compute;

/** The API's {@code status} of a server, from its vm_state and task_state ({@code common.status_from_state}). */
public final class ServerStatus {

    private ServerStatus() {
    }

    public static String of(VmState vmState, TaskState taskState) {
        return switch (vmState) {
            case BUILDING -> "BUILD";
            case ACTIVE -> taskState == null ? "ACTIVE"
                    : taskState.isSoftReboot() ? "REBOOT" : taskState.isHardReboot() ? "HARD_REBOOT" : "ACTIVE";
            case STOPPED -> "SHUTOFF";
            case RESIZED -> "VERIFY_RESIZE";
            case PAUSED -> "PAUSED";
            case SUSPENDED -> "SUSPENDED";
            case RESCUED -> "RESCUE";
            case ERROR -> "ERROR";
            case DELETED -> "DELETED";
            case SOFT_DELETED -> "SOFT_DELETED";
            case SHELVED -> "SHELVED";
            case SHELVED_OFFLOADED -> "SHELVED_OFFLOADED";
        };
    }
}
