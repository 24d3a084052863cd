package org.novasim.messaging.transport;

import org.springframework.amqp.core.Message;

/**
 * Where a stream consumer starts reading ({@code x-stream-offset}): {@code last} (the last chunk) at first, as oslo
 * 2024.1's fanout consumer, then the offset after the last message delivered, so that a consumer lost with its
 * connection neither misses nor repeats what came meanwhile.
 */
final class StreamOffset {

    /** The consumer argument, and the header the broker puts on each delivery from a stream. */
    static final String ARGUMENT = "x-stream-offset";
    private static final String LAST = "last";

    private volatile Object next = LAST;

    Object next() {
        return next;
    }

    void delivered(Message message) {
        if (message.getMessageProperties().getHeaders().get(ARGUMENT) instanceof Number offset) {
            next = offset.longValue() + 1;
        }
    }

    /** After the broker cancelled the consumer (the stream may be new): from its last chunk again. */
    void reset() {
        next = LAST;
    }
}
