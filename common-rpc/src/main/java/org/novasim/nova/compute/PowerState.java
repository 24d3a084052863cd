package org.novasim.nova.compute;

/** Nova's {@code power_state}, an integer in the API ({@code OS-EXT-STS:power_state}). */
public final class PowerState {

    public static final int NOSTATE = 0;
    public static final int RUNNING = 1;
    public static final int PAUSED = 3;
    public static final int SHUTDOWN = 4;
    public static final int CRASHED = 6;
    public static final int SUSPENDED = 7;

    private PowerState() {
    }
}
