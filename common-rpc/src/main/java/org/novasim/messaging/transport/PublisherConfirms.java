package org.novasim.messaging.transport;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConfirmListener;
import com.rabbitmq.client.ShutdownListener;
import com.rabbitmq.client.ShutdownSignalException;

/**
 * Confirmed publishes in flight, so that many may wait for the broker at once: each channel's publishes by sequence
 * number (the broker confirms them in order, one or several at a time), and each publish by message id (a
 * {@code basic.return} names no sequence number, but arrives before its confirm on the same connection thread).
 * A publisher holds its channel only to publish, then waits on its own {@link Pending} while others use the channel.
 */
final class PublisherConfirms {

    /** One publish waiting for its confirm: completes true when acked, false when nacked, exceptionally when lost. */
    static final class Pending {
        private final CompletableFuture<Boolean> acked = new CompletableFuture<>();
        private volatile boolean returned;

        CompletableFuture<Boolean> acked() {
            return acked;
        }

        /** Whether the broker handed the message back (mandatory, no queue) before confirming it. */
        boolean returned() {
            return returned;
        }
    }

    /** What a publisher does on the channel once its confirm is awaited. */
    @FunctionalInterface
    interface Publish {
        void on(Channel channel) throws IOException;
    }

    private final Map<Channel, ChannelConfirms> channels = new ConcurrentHashMap<>();
    private final Map<String, Pending> byMessageId = new ConcurrentHashMap<>();

    /**
     * Publishes on {@code channel}, which the caller holds alone while this runs (a channel's sequence numbers are
     * only meaningful if nobody publishes on it in between), and returns what to wait on.
     */
    Pending publish(Channel channel, String messageId, Publish publish) throws IOException {
        ChannelConfirms confirms = channels.get(channel);
        if (confirms == null) {
            // Only this caller holds the channel, so nobody registers it at the same time.
            confirms = new ChannelConfirms(channel);
            channels.put(channel, confirms);
            confirms.listen();
        }
        Pending pending = new Pending();
        byMessageId.put(messageId, pending);
        long sequence = channel.getNextPublishSeqNo();
        if (sequence == 0) {
            byMessageId.remove(messageId, pending);
            // No confirm would ever come: fail now rather than at the timeout.
            throw new IllegalStateException("the connection factory does not put channels in confirm mode "
                    + "(publisher confirms need its SIMPLE confirm type)");
        }
        confirms.bySequence.put(sequence, pending);
        try {
            publish.on(channel);
        } catch (IOException | RuntimeException e) {
            confirms.bySequence.remove(sequence);
            byMessageId.remove(messageId, pending);
            throw e;
        }
        return pending;
    }

    /** The broker handed a message back: true if its publisher is waiting for the confirm and learns of it there. */
    boolean returned(String messageId) {
        Pending pending = messageId == null ? null : byMessageId.get(messageId);
        if (pending == null) {
            return false;
        }
        pending.returned = true;
        return true;
    }

    /** The publisher is done with this message (confirmed, failed or given up). */
    void forget(String messageId, Pending pending) {
        byMessageId.remove(messageId, pending);
        // A publish given up on (timed out) leaves its sequence entry until the channel confirms or closes.
    }

    /** How many confirmed publishes are waiting for the broker (for tests). */
    int inFlight() {
        return byMessageId.size();
    }

    /** One channel's publishes awaiting confirms; when the channel goes, they are lost and their publishers told. */
    private final class ChannelConfirms implements ConfirmListener, ShutdownListener {

        private final Channel channel;
        private final ConcurrentNavigableMap<Long, Pending> bySequence = new ConcurrentSkipListMap<>();

        ChannelConfirms(Channel channel) {
            this.channel = channel;
        }

        /** After it is in the map: a channel already closed calls {@link #shutdownCompleted} at once. */
        void listen() {
            channel.addConfirmListener(this);
            channel.addShutdownListener(this);
        }

        @Override
        public void handleAck(long deliveryTag, boolean multiple) {
            settle(deliveryTag, multiple, true);
        }

        @Override
        public void handleNack(long deliveryTag, boolean multiple) {
            settle(deliveryTag, multiple, false);
        }

        private void settle(long deliveryTag, boolean multiple, boolean ack) {
            if (multiple) {
                Map<Long, Pending> settled = bySequence.headMap(deliveryTag, true);
                settled.values().forEach(p -> p.acked.complete(ack));
                settled.clear();
            } else {
                Pending pending = bySequence.remove(deliveryTag);
                if (pending != null) {
                    pending.acked.complete(ack);
                }
            }
        }

        @Override
        public void shutdownCompleted(ShutdownSignalException cause) {
            channels.remove(channel, this);
            bySequence.values().forEach(p -> p.acked.completeExceptionally(cause));
            bySequence.clear();
        }
    }
}
