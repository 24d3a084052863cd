package org.novasim.api.servers;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The {@code status} filter of a server list turned into the vm_states and task_states it stands for, as Nova's
 * {@code common.task_and_vm_state_from_status} does with its {@code _STATE_MAP}: {@code ACTIVE} is every active
 * instance whatever its task (its task map holds {@code default}), {@code REBOOT} only active instances rebooting.
 */
final class StatusFilter {

    /** Nova's key for the status of every task_state not listed. */
    private static final String DEFAULT_TASK = "default";

    /** A vm_state's statuses by task_state, {@code default} for every other task (Nova's {@code _STATE_MAP}). */
    private static final Map<String, Map<String, String>> STATE_MAP = Map.ofEntries(
            Map.entry("active", Map.ofEntries(Map.entry(DEFAULT_TASK, "ACTIVE"),
                    Map.entry("rebooting", "REBOOT"), Map.entry("reboot_pending", "REBOOT"),
                    Map.entry("reboot_started", "REBOOT"), Map.entry("rebooting_hard", "HARD_REBOOT"),
                    Map.entry("reboot_pending_hard", "HARD_REBOOT"), Map.entry("reboot_started_hard", "HARD_REBOOT"),
                    Map.entry("updating_password", "PASSWORD"), Map.entry("rebuilding", "REBUILD"),
                    Map.entry("rebuild_block_device_mapping", "REBUILD"), Map.entry("rebuild_spawning", "REBUILD"),
                    Map.entry("migrating", "MIGRATING"), Map.entry("resize_prep", "RESIZE"),
                    Map.entry("resize_migrating", "RESIZE"), Map.entry("resize_migrated", "RESIZE"),
                    Map.entry("resize_finish", "RESIZE"))),
            Map.entry("building", Map.of(DEFAULT_TASK, "BUILD")),
            Map.entry("stopped", Map.of(DEFAULT_TASK, "SHUTOFF", "resize_prep", "RESIZE",
                    "resize_migrating", "RESIZE", "resize_migrated", "RESIZE", "resize_finish", "RESIZE",
                    "rebuilding", "REBUILD", "rebuild_block_device_mapping", "REBUILD", "rebuild_spawning", "REBUILD")),
            Map.entry("resized", Map.of(DEFAULT_TASK, "VERIFY_RESIZE", "resize_reverting", "REVERT_RESIZE")),
            Map.entry("paused", Map.of(DEFAULT_TASK, "PAUSED", "migrating", "MIGRATING")),
            Map.entry("suspended", Map.of(DEFAULT_TASK, "SUSPENDED")),
            Map.entry("rescued", Map.of(DEFAULT_TASK, "RESCUE")),
            Map.entry("error", Map.of(DEFAULT_TASK, "ERROR", "rebuilding", "REBUILD",
                    "rebuild_block_device_mapping", "REBUILD", "rebuild_spawning", "REBUILD")),
            Map.entry("deleted", Map.of(DEFAULT_TASK, "DELETED")),
            Map.entry("soft-delete", Map.of(DEFAULT_TASK, "SOFT_DELETED")),
            Map.entry("shelved", Map.of(DEFAULT_TASK, "SHELVED")),
            Map.entry("shelved_offloaded", Map.of(DEFAULT_TASK, "SHELVED_OFFLOADED")));

    /**
     * What to filter on: instances in one of {@code vmStates} and, unless any task will do, in one of
     * {@code taskStates}.
     */
    record States(List<String> vmStates, List<String> taskStates, boolean anyTask) {
    }

    private StatusFilter() {
    }

    /** The states the statuses stand for (case does not matter); empty when none is a status Nova knows. */
    static Optional<States> of(List<String> statuses) {
        List<String> wanted = statuses.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
        TreeSet<String> vmStates = new TreeSet<>();
        TreeSet<String> taskStates = new TreeSet<>();
        STATE_MAP.forEach((vmState, byTask) -> byTask.forEach((taskState, status) -> {
            if (wanted.contains(status.toLowerCase(Locale.ROOT))) {
                vmStates.add(vmState);
                taskStates.add(taskState);
            }
        }));
        if (vmStates.isEmpty()) {
            return Optional.empty();
        }
        boolean anyTask = taskStates.remove(DEFAULT_TASK);
        return Optional.of(new States(List.copyOf(vmStates), List.copyOf(taskStates), anyTask));
    }
}
