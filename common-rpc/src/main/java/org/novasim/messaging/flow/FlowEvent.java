package org.novasim.messaging.flow;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * One message seen by this process: what the {@code rpc} endpoint lists and what counters and metrics count.
 *
 * @param topic      the RPC topic (for replies, the topic of the call they answer)
 * @param durationMs for a call its round trip, for a handled request the time spent handling it, else null
 * @param detail     why it failed or was set aside, else null
 * @param body       the message's body as it went over the wire, when the recording site had it, else null: kept by
 *                   reference (no copy on the RPC path) for the flow publisher, which reads it on its own thread
 */
public record FlowEvent(Instant time, Direction direction, Kind kind, String exchange, String routingKey, String topic,
                        String method, String msgId, String requestId, Double durationMs, Outcome outcome,
                        String detail, @JsonIgnore byte[] body) {

    public enum Direction { SENT, RECEIVED }

    public enum Kind { CALL, CAST, FANOUT, REPLY, NOTIFICATION }

    public enum Outcome {
        /** Handed to the broker. */
        SENT,
        /** Received and handled without error (a call's reply was sent). */
        HANDLED,
        /** A call that got its result back, or a reply that found its waiting caller. */
        REPLIED,
        /** Handled, but the endpoint raised, or a call that got a remote error back. */
        FAILED,
        /** A call whose reply did not come in time. */
        TIMED_OUT,
        /** A redelivery of a message already handled, dropped. */
        DUPLICATE,
        /** Not understood; set aside on the dead-letter queue. */
        MALFORMED,
        /** A reply that came after its caller gave up, dropped. */
        LATE,
        /** Handed back by the broker: no queue is bound to its routing key. */
        UNROUTABLE
    }

    public static FlowEvent now(Direction direction, Kind kind, String exchange, String routingKey, String topic,
                                String method, String msgId, String requestId, Double durationMs, Outcome outcome,
                                String detail) {
        return at(Instant.now(), direction, kind, exchange, routingKey, topic, method, msgId, requestId, durationMs,
                outcome, detail);
    }

    /** An event stamped with the moment it began (a send's start, a request's receipt), which orders the log. */
    public static FlowEvent at(Instant time, Direction direction, Kind kind, String exchange, String routingKey, String topic,
                                String method, String msgId, String requestId, Double durationMs, Outcome outcome,
                                String detail) {
        return new FlowEvent(time, direction, kind, exchange, routingKey, topic, method, msgId, requestId,
                durationMs, outcome, detail, null);
    }

    /** The same event carrying the body it was about (never modified afterwards by the sender). */
    public FlowEvent withBody(byte[] wireBody) {
        return new FlowEvent(time, direction, kind, exchange, routingKey, topic, method, msgId, requestId, durationMs,
                outcome, detail, wireBody);
    }
}
