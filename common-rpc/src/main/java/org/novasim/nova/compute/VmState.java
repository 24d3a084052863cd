package org.novasim.nova.compute;

import com.fasterxml.jackson.annotation.JsonValue;

/** Nova's {@code vm_state}: where an instance is, as stored and shown in {@code OS-EXT-STS:vm_state}. */
public enum VmState {
    ACTIVE("active"), BUILDING("building"), PAUSED("paused"), SUSPENDED("suspended"), STOPPED("stopped"),
    RESCUED("rescued"), RESIZED("resized"), SOFT_DELETED("soft-delete"), DELETED("deleted"), ERROR("error"),
    SHELVED("shelved"), SHELVED_OFFLOADED("shelved_offloaded");

    private final String value;

    VmState(String value) {
        this.value = value;
    }

    @JsonValue
    public String value() {
        return value;
    }

    public static VmState of(String value) {
        for (VmState s : values()) {
            if (s.value.equals(value)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown vm_state " + value);
    }
}
