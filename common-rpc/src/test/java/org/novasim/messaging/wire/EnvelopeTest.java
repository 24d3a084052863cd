package org.novasim.messaging.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The envelope's fast paths write and read exactly what the general ones (Jackson's generator quoting the inner
 * text; the outer object read as a tree) write and read, for any text, including what Python writes.
 */
class EnvelopeTest {

    private static final JsonMapper MAPPER = OsloJson.mapper();

    /** The envelope as Jackson's generator writes it: what {@link Envelope#wrap} wrote before its fast path. */
    private static byte[] generatorWrap(ObjectNode message) {
        String inner = new String(MAPPER.writeValueAsBytes(MAPPER.writeValueAsString(message)), StandardCharsets.UTF_8);
        return ("{\"oslo.version\": \"2.0\", \"oslo.message\": " + inner + "}").getBytes(StandardCharsets.UTF_8);
    }

    /** The envelope read as a tree, the general path. */
    private static JsonNode treeUnwrap(byte[] body) {
        JsonNode outer = MAPPER.readTree(body);
        return MAPPER.readTree(outer.get("oslo.message").asString());
    }

    private static String randomText(Random random) {
        StringBuilder s = new StringBuilder();
        int length = random.nextInt(40);
        for (int i = 0; i < length; i++) {
            switch (random.nextInt(8)) {
                case 0 -> s.append((char) random.nextInt(0x20)); // control characters
                case 1 -> s.append("\"\\/");
                case 2 -> s.append("é€\u2028\u007f");
                case 3 -> s.appendCodePoint(0x1F600 + random.nextInt(50)); // surrogate pairs
                case 4 -> s.append("\\u00e9\\n");
                default -> s.append((char) (' ' + random.nextInt(95)));
            }
        }
        return s.toString();
    }

    private static ObjectNode randomMessage(Random random) {
        ObjectNode m = MAPPER.createObjectNode();
        m.put("method", randomText(random));
        m.putObject("args").put(randomText(random), randomText(random)).put("n", random.nextLong());
        m.put("_unique_id", MessageIds.newHex());
        return m;
    }

    @Test
    void wrapsByteForByteAsJacksonsGenerator() throws Exception {
        Random random = new Random(42);
        for (int i = 0; i < 2_000; i++) {
            ObjectNode message = randomMessage(random);
            byte[] body = Envelope.wrap(message);
            assertThat(new String(body, StandardCharsets.UTF_8))
                    .isEqualTo(new String(generatorWrap(message), StandardCharsets.UTF_8));
            assertThat(Envelope.unwrap(body)).isEqualTo(message);
            assertThat((JsonNode) Envelope.unwrap(body)).isEqualTo(treeUnwrap(body));
        }
    }

    @Test
    void readsPythonsAsciiEscapes() throws Exception {
        ObjectNode message = MAPPER.createObjectNode().put("method", "é€😀\u2028\"\\/\n\u0001");
        // json.dumps(ensure_ascii=True), twice, as oslo writes: every non-ASCII character a \\u escape.
        String pythonInner = "{\\\"method\\\": \\\"\\\\u00e9\\\\u20ac\\\\ud83d\\\\ude00\\\\u2028\\\\\\\"\\\\\\\\/\\\\n\\\\u0001\\\"}";
        byte[] body = ("{\"oslo.version\": \"2.0\", \"oslo.message\": \"" + pythonInner + "\"}").getBytes(StandardCharsets.UTF_8);
        assertThat(Envelope.unwrap(body)).isEqualTo(message);
        // \/ and short escapes in the outer string, as other writers may use them
        byte[] escaped = "{\"oslo.version\": \"2.0\", \"oslo.message\": \"{\\\"a\\\":\\t\\\"\\/\\\"}\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(Envelope.unwrap(escaped)).isEqualTo(MAPPER.createObjectNode().put("a", "/"));
    }

    @Test
    void readsOtherFormsAsTheGeneralPathDoes() throws Exception {
        String compact = "{\"oslo.message\":\"{\\\"method\\\":\\\"m\\\"}\",\"oslo.version\":\"2.0\"}";
        String extraKey = "{\"oslo.version\": \"2.0\", \"oslo.message\": \"{\\\"method\\\":\\\"m\\\"}\", \"x\": \"y\"}";
        String formatOne = "{\"method\": \"m\"}";
        for (String body : new String[] {compact, extraKey, formatOne}) {
            assertThat(Envelope.unwrap(body.getBytes(StandardCharsets.UTF_8)).get("method").asString()).isEqualTo("m");
        }
    }

    @Test
    void refusesBrokenEnvelopesWithTheirReasons() {
        String head = "{\"oslo.version\": \"2.0\", \"oslo.message\": ";
        assertThatThrownBy(() -> Envelope.unwrap((head + "\"{\\\"method\\\": \\ud83d}\"}").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedMessageException.class);
        assertThatThrownBy(() -> Envelope.unwrap((head + "\"not json\"}").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedMessageException.class).extracting(e -> ((MalformedMessageException) e).reason())
                .isEqualTo("not_json");
        assertThatThrownBy(() -> Envelope.unwrap((head + "\"[1]\"}").getBytes(StandardCharsets.UTF_8)))
                .extracting(e -> ((MalformedMessageException) e).reason()).isEqualTo("not_object");
        assertThatThrownBy(() -> Envelope.unwrap((head + "\"{}\"} trailing").getBytes(StandardCharsets.UTF_8)))
                .extracting(e -> ((MalformedMessageException) e).reason()).isEqualTo("not_json");
        assertThatThrownBy(() -> Envelope.unwrap((head + "\"a\nb\"}").getBytes(StandardCharsets.UTF_8)))
                .extracting(e -> ((MalformedMessageException) e).reason()).isEqualTo("not_json");
        assertThatThrownBy(() -> Envelope.unwrap("{\"oslo.version\": \"3.0\", \"oslo.message\": \"{}\"}".getBytes(StandardCharsets.UTF_8)))
                .extracting(e -> ((MalformedMessageException) e).reason()).isEqualTo("bad_envelope");
    }

    /** The fields {@link Envelope#read} hands over, gathered as a tree keeps them (a repeated name, its last value). */
    private static ObjectNode streamed(byte[] body) throws MalformedMessageException {
        ObjectNode fields = MAPPER.createObjectNode();
        Envelope.read(body, fields::set);
        return fields;
    }

    /** Why a body is refused, streamed or as a tree, or "read". */
    private static String reason(byte[] body, boolean streamed) {
        try {
            if (streamed) {
                Envelope.read(body, (name, value) -> { });
            } else {
                Envelope.unwrap(body);
            }
            return "read";
        } catch (MalformedMessageException e) {
            return e.reason();
        }
    }

    @Test
    void streamsTheFieldsTheTreeHas() throws Exception {
        String head = "{\"oslo.version\": \"2.0\", \"oslo.message\": ";
        String[] inners = {
                "{\\\"method\\\": \\\"m\\\", \\\"method\\\": \\\"again\\\"}",
                "{\\\"n\\\": 12345678901, \\\"f\\\": 1.5, \\\"i\\\": -3, \\\"big\\\": 123456789012345678901234567890}",
                "{\\\"a\\\": [1, {\\\"b\\\": null}], \\\"o\\\": {}, \\\"t\\\": true, \\\"f\\\": false, \\\"z\\\": null}",
                "{}",
        };
        Random random = new Random(7);
        java.util.List<byte[]> bodies = new java.util.ArrayList<>();
        for (String inner : inners) {
            bodies.add((head + "\"" + inner + "\"}").getBytes(StandardCharsets.UTF_8));
        }
        for (int i = 0; i < 500; i++) {
            bodies.add(Envelope.wrap(randomMessage(random)));
        }
        bodies.add("{\"method\": \"m\", \"args\": {\"x\": 1}}".getBytes(StandardCharsets.UTF_8)); // format 1.0
        try (InputStream in = EnvelopeTest.class.getResourceAsStream("/wire/oslo-messaging-14.0.3-wire-capture.json")) {
            for (JsonNode message : MAPPER.readTree(in)) {
                bodies.add(message.get("body").asString().getBytes(StandardCharsets.UTF_8));
            }
        }
        for (byte[] body : bodies) {
            assertThat(streamed(body)).isEqualTo(Envelope.unwrap(body));
        }
    }

    @Test
    void streamingRefusesWhatTheTreeRefusesForTheSameReason() {
        String head = "{\"oslo.version\": \"2.0\", \"oslo.message\": ";
        String[] bodies = {
                head + "\"not json\"}", head + "\"[1]\"}", head + "\"7\"}", head + "\"\"}", head + "\"{} x\"}",
                head + "\"{} {}\"}", head + "\"{\\\"a\\\": }\"}", head + "\"{\\\"a\\\": 1\"}", head + "\"[1] x\"}",
                head + "\"{}\"} trailing", head + "\"a\nb\"}", "{\"oslo.version\": \"3.0\", \"oslo.message\": \"{}\"}", "[]",
        };
        for (String body : bodies) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            assertThat(reason(bytes, true)).as(body).isEqualTo(reason(bytes, false)).isNotEqualTo("read");
        }
    }

    @Test
    void readsTheOsloCaptureAsTheGeneralPathDoes() throws Exception {
        JsonNode capture;
        try (InputStream in = EnvelopeTest.class.getResourceAsStream("/wire/oslo-messaging-14.0.3-wire-capture.json")) {
            capture = MAPPER.readTree(in);
        }
        for (JsonNode message : capture) {
            byte[] body = message.get("body").asString().getBytes(StandardCharsets.UTF_8);
            assertThat((JsonNode) Envelope.unwrap(body)).isEqualTo(treeUnwrap(body));
        }
    }
}
