package org.novasim.messaging.wire;

import java.util.UUID;

/** Ids as oslo.messaging makes them: {@code uuid4().hex}, 32 lower-case hex digits. */
public final class MessageIds {

    private MessageIds() {
    }

    public static String newHex() {
        UUID u = UUID.randomUUID();
        return hex(u.getMostSignificantBits()) + hex(u.getLeastSignificantBits());
    }

    private static String hex(long bits) {
        String h = Long.toHexString(bits);
        return h.length() == 16 ? h : "0".repeat(16 - h.length()) + h;
    }
}
