package org.novasim.messaging.flow;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * One message on the flow exchange: records of one process, in the order it recorded them. On the wire a JSON array,
 * {@code ["novasim-flow/1", source, service, [record fields...], ...]}, written and read with Jackson's streaming
 * API: records are many, so they travel without field names and without data binding.
 *
 * @param source  this run of the process (a random id), so that a collector tells restarts and replicas apart
 * @param service the process's application name
 * @param records the records; {@code seq} counts every record the process saw, so gaps are records dropped on the way
 */
public record FlowBatch(String source, String service, List<Entry> records) {

    static final String FORMAT = "novasim-flow/1";

    /**
     * @param host     the server that sent or handled the message
     * @param instance the server (instance uuid) the message is about, else null
     * @param body     the body as sent (secrets and all: the collector hides them when it shows one), for sent
     *                 messages only (the receiving side's is the same), else null
     */
    public record Entry(long seq, String host, @Nullable String instance, FlowEvent event, @Nullable String body) {
    }

    static final JsonMapper MAPPER = JsonMapper.builder().build();

    public byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + records.size() * 400);
        try (JsonGenerator g = MAPPER.createGenerator(out)) {
            g.writeStartArray();
            g.writeString(FORMAT);
            g.writeString(source);
            g.writeString(service);
            for (Entry entry : records) {
                FlowEvent e = entry.event();
                g.writeStartArray();
                g.writeNumber(entry.seq());
                g.writeNumber(e.time().getEpochSecond());
                g.writeNumber(e.time().getNano());
                g.writeString(e.direction().name());
                g.writeString(e.kind().name());
                g.writeString(e.exchange());
                g.writeString(e.routingKey());
                g.writeString(e.topic());
                g.writeString(e.method());
                g.writeString(e.msgId());
                g.writeString(e.requestId());
                if (e.durationMs() == null) {
                    g.writeNull();
                } else {
                    g.writeNumber(e.durationMs());
                }
                g.writeString(e.outcome().name());
                g.writeString(e.detail());
                g.writeString(entry.host());
                g.writeString(entry.instance());
                g.writeString(entry.body());
                g.writeEndArray();
            }
            g.writeEndArray();
        }
        return out.toByteArray();
    }

    /** @throws IllegalArgumentException if the bytes are not a batch of this format */
    public static FlowBatch decode(byte[] bytes) {
        try (JsonParser p = MAPPER.createParser(bytes)) {
            expect(p.nextToken(), JsonToken.START_ARRAY);
            if (!FORMAT.equals(string(p))) {
                throw new IllegalArgumentException("not a " + FORMAT + " batch");
            }
            String source = string(p);
            String service = string(p);
            List<Entry> records = new ArrayList<>();
            while (p.nextToken() == JsonToken.START_ARRAY) {
                long seq = number(p).longValue();
                Instant time = Instant.ofEpochSecond(number(p).longValue(), number(p).longValue());
                FlowEvent.Direction direction = FlowEvent.Direction.valueOf(string(p));
                FlowEvent.Kind kind = FlowEvent.Kind.valueOf(string(p));
                String exchange = string(p);
                String routingKey = string(p);
                String topic = string(p);
                String method = string(p);
                String msgId = string(p);
                String requestId = string(p);
                Number duration = number(p);
                FlowEvent.Outcome outcome = FlowEvent.Outcome.valueOf(string(p));
                String detail = string(p);
                String host = string(p);
                String instance = string(p);
                String body = string(p);
                expect(p.nextToken(), JsonToken.END_ARRAY);
                records.add(new Entry(seq, host, instance, FlowEvent.at(time, direction, kind, exchange, routingKey,
                        topic, method, msgId, requestId, duration == null ? null : duration.doubleValue(), outcome,
                        detail), body));
            }
            expect(p.currentToken(), JsonToken.END_ARRAY);
            return new FlowBatch(source, service, records);
        } catch (tools.jackson.core.JacksonException | NullPointerException e) {
            throw new IllegalArgumentException("unreadable flow batch: " + e.getMessage(), e);
        }
    }

    private static void expect(JsonToken found, JsonToken wanted) {
        if (found != wanted) {
            throw new IllegalArgumentException("expected " + wanted + ", found " + found);
        }
    }

    private static @Nullable String string(JsonParser p) {
        JsonToken t = p.nextToken();
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(t, JsonToken.VALUE_STRING);
        return p.getString();
    }

    private static @Nullable Number number(JsonParser p) {
        JsonToken t = p.nextToken();
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t == JsonToken.VALUE_NUMBER_INT) {
            return p.getLongValue();
        }
        expect(t, JsonToken.VALUE_NUMBER_FLOAT);
        return p.getDoubleValue();
    }
}
