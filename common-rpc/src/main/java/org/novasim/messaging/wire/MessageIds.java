package org.novasim.messaging.wire;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Ids in the form oslo.messaging makes them ({@code uuid4().hex}, 32 lower-case hex digits). They only need to be
 * unique, not secret, so they come from a thread-local generator rather than {@code UUID.randomUUID()}'s
 * SecureRandom, which costs more than the rest of a message.
 */
public final class MessageIds {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private MessageIds() {
    }

    public static String newHex() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] out = new char[32];
        write(random.nextLong(), out, 0);
        write(random.nextLong(), out, 16);
        return new String(out);
    }

    private static void write(long bits, char[] out, int offset) {
        for (int i = 15; i >= 0; i--) {
            out[offset + i] = HEX[(int) (bits & 0xF)];
            bits >>>= 4;
        }
    }
}
