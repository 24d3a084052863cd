package org.novasim.messaging.rpc;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * The unconfirmed casts of clients that send again what the broker hands back, by {@code _unique_id}, with how long
 * each may still be sent again and the pause before its next try (each twice the last, as a resending call's).
 * A return comes within moments of its publish, so a cast is remembered only a little longer than its last pause.
 */
final class HandedBackCasts {

    /** How long after its last send a cast is remembered: a return comes back in well under this. */
    static final Duration REMEMBERED = Duration.ofSeconds(10);
    /** Forgotten entries are swept once there are more than this many. */
    private static final int SWEEP_ABOVE = 1024;

    private record Resend(long deadline, Duration pause, int attempt, long rememberedUntil) {
    }

    /** What to do with a cast handed back: send it again after {@code pause}, or give up ({@code pause} null). */
    record Decision(@Nullable Duration pause, int attempt) {
        boolean again() {
            return pause != null;
        }
    }

    private final Map<String, Resend> byUniqueId = new ConcurrentHashMap<>();

    /** A cast about to be published, to be sent again for at most {@code resendFor} if it is handed back. */
    void expect(String uniqueId, Duration resendFor) {
        long now = System.nanoTime();
        if (byUniqueId.size() > SWEEP_ABOVE) {
            byUniqueId.values().removeIf(r -> r.rememberedUntil() - now < 0);
        }
        byUniqueId.put(uniqueId, new Resend(now + resendFor.toNanos(), RpcClient.FIRST_RESEND_PAUSE, 0,
                now + REMEMBERED.toNanos()));
    }

    /**
     * A cast came back: null if it is none of the resending clients', else whether to send it again and when.
     */
    @Nullable
    Decision handedBack(String uniqueId) {
        Resend resend = byUniqueId.get(uniqueId);
        if (resend == null) {
            return null;
        }
        long now = System.nanoTime();
        int attempt = resend.attempt() + 1;
        if (resend.deadline() - now <= resend.pause().toNanos()) {
            byUniqueId.remove(uniqueId);
            return new Decision(null, attempt);
        }
        Duration next = RpcClient.nextResendPause(resend.pause());
        byUniqueId.put(uniqueId, new Resend(resend.deadline(), next, attempt,
                now + resend.pause().toNanos() + REMEMBERED.toNanos()));
        return new Decision(resend.pause(), attempt);
    }
}
