package org.novasim.messaging.flow;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

import org.jspecify.annotations.Nullable;

import tools.jackson.databind.node.ObjectNode;

/**
 * One message of the merged flow, as {@code /actuator/flow} and the live stream show it.
 *
 * @param id       {@code <service>:<n>}, n counting the records this collector kept
 * @param envelope the oslo envelope with secrets left out; shown only for one record ({@code /actuator/flow/{id}})
 */
public record FlowRecord(String id, String time, String service, String host, FlowEvent.Direction direction,
                         FlowEvent.Kind kind, String exchange, String routingKey, String topic, String method,
                         String msgId, String requestId, String instance, Double durationMs, FlowEvent.Outcome outcome,
                         String detail, @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable ObjectNode envelope,
                         @JsonIgnore Instant instant) {

    private static final DateTimeFormatter MICROS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    static FlowRecord of(String id, String service, FlowBatch.Entry entry, @Nullable String instance) {
        FlowEvent e = entry.event();
        return new FlowRecord(id, MICROS.format(e.time()), service, entry.host(), e.direction(), e.kind(),
                e.exchange(), e.routingKey(), e.topic(), e.method(), e.msgId(), e.requestId(), instance,
                e.durationMs(), e.outcome(), e.detail(), entry.envelope(), e.time());
    }

    /** The record as lists show it: without its envelope. */
    public FlowRecord summary() {
        return envelope == null ? this : new FlowRecord(id, time, service, host, direction, kind, exchange, routingKey,
                topic, method, msgId, requestId, instance, durationMs, outcome, detail, null, instant);
    }

    /** The record with its envelope, or an empty one when none travelled (replies received, bodies too large). */
    public FlowRecord withEnvelopeShown() {
        return envelope != null ? this : new FlowRecord(id, time, service, host, direction, kind, exchange, routingKey,
                topic, method, msgId, requestId, instance, durationMs, outcome, detail,
                FlowBatch.MAPPER.createObjectNode(), instant);
    }
}
