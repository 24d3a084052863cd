package org.novasim.messaging.flow;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import org.novasim.messaging.config.PropertyChecks;

/**
 * {@code nova.rpc.flow.*}: how this process's message records travel to a collector (the merged flow).
 *
 * @param publish          send this process's records to the flow exchange (off: they stay in {@code /actuator/rpc})
 * @param exchange         the fanout exchange of the records; empty means {@code <control-exchange>_flow}
 * @param batchSize        at most this many records in one message to the flow exchange
 * @param interval         how long the publisher waits for a batch to fill before sending what it has
 * @param bufferSize       records waiting to be sent; beyond it new records are dropped and counted, never waited for
 * @param envelopes        send each record's envelope (secrets left out), for {@code /actuator/flow/{id}}
 * @param maxEnvelopeBytes bodies larger than this travel without their envelope
 * @param instanceKeys     argument or payload fields naming the server a message is about, searched in this order
 *                         (an object field is searched for its {@code uuid})
 * @param secretKeys       fields whose values are replaced by {@code ***} in envelopes
 * @param collect          keep the records of every process that publishes to the exchange (nova-api does)
 * @param capacity         how many records the collector keeps
 * @param queueMaxLength   the collector queue's {@code x-max-length}: beyond it the oldest waiting batches go
 */
@ConfigurationProperties("nova.rpc.flow")
public record FlowProperties(
        @DefaultValue("true") boolean publish,
        @DefaultValue("") String exchange,
        @DefaultValue("500") int batchSize,
        @DefaultValue("200ms") Duration interval,
        @DefaultValue("20000") int bufferSize,
        @DefaultValue("true") boolean envelopes,
        @DefaultValue("65536") int maxEnvelopeBytes,
        @DefaultValue({"instance_uuid", "instance_id", "instance", "uuid"}) List<String> instanceKeys,
        @DefaultValue({"_context_auth_token", "auth_token", "admin_password", "adminPass", "password"})
        List<String> secretKeys,
        @DefaultValue("false") boolean collect,
        @DefaultValue("10000") int capacity,
        @DefaultValue("1000") int queueMaxLength) {

    public FlowProperties {
        instanceKeys = List.copyOf(instanceKeys);
        secretKeys = List.copyOf(secretKeys);
        PropertyChecks.atLeast("nova.rpc.flow.batch-size", batchSize, 1);
        PropertyChecks.positive("nova.rpc.flow.interval", interval);
        PropertyChecks.atLeast("nova.rpc.flow.buffer-size", bufferSize, 1);
        PropertyChecks.atLeast("nova.rpc.flow.max-envelope-bytes", maxEnvelopeBytes, 0);
        PropertyChecks.atLeast("nova.rpc.flow.capacity", capacity, 1);
        PropertyChecks.atLeast("nova.rpc.flow.queue-max-length", queueMaxLength, 1);
    }

    /** Defaults for code that builds the layer without Spring's binder (tests, benchmarks). */
    public static FlowProperties defaults() {
        return new FlowProperties(true, "", 500, Duration.ofMillis(200), 20000, true, 65536,
                List.of("instance_uuid", "instance_id", "instance", "uuid"),
                List.of("_context_auth_token", "auth_token", "admin_password", "adminPass", "password"),
                false, 10000, 1000);
    }

    public String exchangeName(String controlExchange) {
        return exchange.isBlank() ? controlExchange + "_flow" : exchange;
    }
}
