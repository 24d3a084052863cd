package org.novasim.messaging.rpc;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.novasim.messaging.flow.FlowEvent;
import org.novasim.messaging.flow.MessageFlowRecorder;
import org.novasim.messaging.transport.AmqpTransport;
import org.novasim.messaging.wire.Envelope;
import org.novasim.messaging.wire.MalformedMessageException;

/**
 * oslo's answer to a reply the broker hands back because its reply queue is missing (the caller's queue lost in a
 * broker restart and not declared again yet): send it again every quarter of a second until the caller can no
 * longer be waiting ({@code rpc_response_timeout}), rather than drop it at once.
 */
final class ReplyResender implements Consumer<AmqpTransport.Returned>, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReplyResender.class);
    private static final long PAUSE_MILLIS = 250;

    private final AmqpTransport transport;
    private final MessageFlowRecorder recorder;
    private final long giveUpAfterNanos;
    private final Map<String, Long> firstReturned = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("reply-resender").factory());

    ReplyResender(AmqpTransport transport, MessageFlowRecorder recorder, Duration giveUpAfter) {
        this.transport = transport;
        this.recorder = recorder;
        this.giveUpAfterNanos = giveUpAfter.toNanos();
        transport.onReturned(this);
    }

    @Override
    public void accept(AmqpTransport.Returned returned) {
        // Replies are the only mandatory messages sent through the default exchange.
        if (!returned.exchange().isEmpty()) {
            return;
        }
        String msgId;
        try {
            msgId = Envelope.unwrap(returned.body()).path("_msg_id").asString("?");
        } catch (MalformedMessageException e) {
            return;
        }
        long now = System.nanoTime();
        long first = firstReturned.computeIfAbsent(msgId, id -> now);
        if (now - first > giveUpAfterNanos) {
            firstReturned.remove(msgId);
            log.warn("gave up the reply to msg_id {}: reply queue '{}' did not come back", msgId, returned.routingKey());
            recorder.record(FlowEvent.now(FlowEvent.Direction.SENT, FlowEvent.Kind.REPLY, "", returned.routingKey(),
                    null, null, msgId, null, null, FlowEvent.Outcome.UNROUTABLE, "no reply queue"));
            return;
        }
        if (first == now) {
            log.info("reply queue '{}' is missing; sending the reply to msg_id {} again until it is back",
                    returned.routingKey(), msgId);
        }
        timer.schedule(() -> resend(returned, msgId), PAUSE_MILLIS, TimeUnit.MILLISECONDS);
        // Entries of replies that got through are forgotten once they could no longer matter.
        firstReturned.values().removeIf(t -> now - t > 2 * giveUpAfterNanos);
    }

    private void resend(AmqpTransport.Returned returned, String msgId) {
        try {
            // With confirms the broker's return comes back here, not to the return listeners: handed back again.
            if (!transport.publish("", returned.routingKey(), true, AmqpTransport.properties(), returned.body())) {
                accept(returned);
            }
        } catch (RuntimeException e) {
            log.warn("could not send the reply to msg_id {} again: {}", msgId, e.getMessage());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
