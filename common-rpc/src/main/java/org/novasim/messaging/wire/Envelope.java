package org.novasim.messaging.wire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.io.JsonStringEncoder;
import tools.jackson.databind.JacksonSerializable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * oslo.messaging's envelope: {@code {"oslo.version": "2.0", "oslo.message": "<the message as a JSON string>"}}.
 * A body without the envelope keys is accepted as the message itself (oslo's format 1.0).
 */
public final class Envelope {

    public static final String VERSION_KEY = "oslo.version";
    public static final String MESSAGE_KEY = "oslo.message";
    public static final String VERSION = "2.0";

    private static final byte[] HEAD = ("{\"" + VERSION_KEY + "\": \"" + VERSION + "\", \"" + MESSAGE_KEY + "\": ")
            .getBytes(StandardCharsets.UTF_8);

    /** Takes a message's top-level fields one at a time, in the order they come; a repeated name comes again. */
    @FunctionalInterface
    public interface FieldReader {
        void field(String name, JsonNode value);
    }

    private Envelope() {
    }

    /**
     * Serialises the message, then wraps that text in the envelope as a JSON string. Jackson's text never holds a
     * raw control character (its strings escape them), so quoting it only escapes quotes and backslashes, which is
     * done here in one pass over the bytes rather than by a second generator.
     *
     * @param message a tree, or a {@link MessageWriter} that writes its fields without one
     */
    public static byte[] wrap(JacksonSerializable message) {
        byte[] inner = OsloJson.mapper().writeValueAsBytes(message);
        int escapes = 0;
        for (byte b : inner) {
            if (b == '"' || b == '\\') {
                escapes++;
            } else if (b >= 0 && b < 0x20) {
                return wrapQuoted(JsonStringEncoder.getInstance().quoteAsUTF8(new String(inner, StandardCharsets.UTF_8)));
            }
        }
        byte[] body = new byte[HEAD.length + inner.length + escapes + 3];
        System.arraycopy(HEAD, 0, body, 0, HEAD.length);
        int o = HEAD.length;
        body[o++] = '"';
        for (byte b : inner) {
            if (b == '"' || b == '\\') {
                body[o++] = '\\';
            }
            body[o++] = b;
        }
        body[o++] = '"';
        body[o] = '}';
        return body;
    }

    private static byte[] wrapQuoted(byte[] quoted) {
        byte[] body = new byte[HEAD.length + quoted.length + 3];
        System.arraycopy(HEAD, 0, body, 0, HEAD.length);
        body[HEAD.length] = '"';
        System.arraycopy(quoted, 0, body, HEAD.length + 1, quoted.length);
        body[body.length - 2] = '"';
        body[body.length - 1] = '}';
        return body;
    }

    /** Opens a body into the message it carries. */
    public static ObjectNode unwrap(byte[] body) throws MalformedMessageException {
        byte[] message = enveloped(body);
        if (message != null) {
            return parseMessage(message);
        }
        return unwrapAnyForm(body);
    }

    /**
     * Opens a body and hands its message's top-level fields to {@code fields}, as {@link #unwrap} followed by a walk
     * over the tree's fields would, with the same checks and reasons; the usual body is read as a stream instead,
     * without building a tree of the message (only of a field's value that is an array or an object).
     */
    public static void read(byte[] body, FieldReader fields) throws MalformedMessageException {
        byte[] message = enveloped(body);
        if (message == null) {
            read(unwrapAnyForm(body), fields);
            return;
        }
        JsonMapper mapper = OsloJson.mapper();
        try (JsonParser in = mapper.createParser(message)) {
            if (in.nextToken() != JsonToken.START_OBJECT) {
                if (in.currentToken() != null) {
                    mapper.readTree(in); // a broken value is not JSON; a whole one is not an object
                }
                throw notObject();
            }
            for (String name = in.nextName(); name != null; name = in.nextName()) {
                fields.field(name, value(in, in.nextToken()));
            }
            if (in.nextToken() != null) {
                throw new MalformedMessageException("not_json", "oslo.message has more after its object");
            }
        } catch (JacksonException e) {
            throw notJson(e);
        }
    }

    /** The fields of a message already open, for {@link FieldReader}s that also read bodies. */
    public static void read(ObjectNode message, FieldReader fields) {
        message.properties().forEach(field -> fields.field(field.getKey(), field.getValue()));
    }

    /**
     * The value at the parser: the scalars of every message made at once, others read as the tree reads them (not
     * through the mapper's {@code readTree}, which takes the fields after this value for trailing tokens).
     */
    private static JsonNode value(JsonParser in, JsonToken token) {
        return switch (token) {
            case VALUE_STRING -> JsonNodeFactory.instance.stringNode(in.getString());
            case VALUE_NULL -> JsonNodeFactory.instance.nullNode();
            case VALUE_TRUE -> JsonNodeFactory.instance.booleanNode(true);
            case VALUE_FALSE -> JsonNodeFactory.instance.booleanNode(false);
            default -> in.readValueAsTree();
        };
    }

    /**
     * The usual body, as oslo (Python's {@code json.dumps}) and {@link #wrap} write it: exactly
     * {@code {"oslo.version": "2.0", "oslo.message": "<string>"}}. The string is unescaped here into UTF-8, without
     * building the outer tree. Null for anything else (other spacing or order, more keys, escapes JSON does not
     * have, a lone surrogate), which {@link #unwrapAnyForm} reads and judges as before.
     */
    private static byte[] enveloped(byte[] body) {
        int end = body.length - 2; // the closing quote
        if (end <= HEAD.length || body[HEAD.length] != '"' || body[end] != '"' || body[end + 1] != '}'
                || !Arrays.equals(body, 0, HEAD.length, HEAD, 0, HEAD.length)) {
            return null;
        }
        byte[] out = new byte[end - HEAD.length - 1];
        int o = 0;
        for (int i = HEAD.length + 1; i < end; i++) {
            byte b = body[i];
            if (b == '"' || (b >= 0 && b < 0x20)) {
                return null; // the string ended early (more follows), or is not valid JSON
            }
            if (b != '\\') {
                out[o++] = b;
                continue;
            }
            if (++i >= end) {
                return null;
            }
            switch (body[i]) {
                case '"' -> out[o++] = '"';
                case '\\' -> out[o++] = '\\';
                case '/' -> out[o++] = '/';
                case 'b' -> out[o++] = '\b';
                case 'f' -> out[o++] = '\f';
                case 'n' -> out[o++] = '\n';
                case 'r' -> out[o++] = '\r';
                case 't' -> out[o++] = '\t';
                case 'u' -> {
                    int c = hex4(body, i + 1, end);
                    if (c < 0) {
                        return null;
                    }
                    i += 4;
                    if (Character.isHighSurrogate((char) c)) {
                        int low = i + 6 < end && body[i + 1] == '\\' && body[i + 2] == 'u' ? hex4(body, i + 3, end) : -1;
                        if (low < 0 || !Character.isLowSurrogate((char) low)) {
                            return null;
                        }
                        c = Character.toCodePoint((char) c, (char) low);
                        i += 6;
                    } else if (Character.isLowSurrogate((char) c)) {
                        return null;
                    }
                    o = utf8(c, out, o);
                }
                default -> {
                    return null;
                }
            }
        }
        return Arrays.copyOf(out, o);
    }

    private static int hex4(byte[] b, int from, int end) {
        if (from + 4 > end) {
            return -1;
        }
        int value = 0;
        for (int i = from; i < from + 4; i++) {
            int digit = Character.digit(b[i], 16);
            if (digit < 0) {
                return -1;
            }
            value = value << 4 | digit;
        }
        return value;
    }

    /** Writes a code point as UTF-8; never longer than the escape it came from, so {@code out} has room. */
    private static int utf8(int c, byte[] out, int o) {
        if (c < 0x80) {
            out[o++] = (byte) c;
        } else if (c < 0x800) {
            out[o++] = (byte) (0xC0 | c >> 6);
            out[o++] = (byte) (0x80 | c & 0x3F);
        } else if (c < 0x10000) {
            out[o++] = (byte) (0xE0 | c >> 12);
            out[o++] = (byte) (0x80 | c >> 6 & 0x3F);
            out[o++] = (byte) (0x80 | c & 0x3F);
        } else {
            out[o++] = (byte) (0xF0 | c >> 18);
            out[o++] = (byte) (0x80 | c >> 12 & 0x3F);
            out[o++] = (byte) (0x80 | c >> 6 & 0x3F);
            out[o++] = (byte) (0x80 | c & 0x3F);
        }
        return o;
    }

    private static ObjectNode parseMessage(byte[] message) throws MalformedMessageException {
        return parseMessage(() -> OsloJson.mapper().readTree(message));
    }

    private static ObjectNode parseMessage(String message) throws MalformedMessageException {
        return parseMessage(() -> OsloJson.mapper().readTree(message));
    }

    private static ObjectNode parseMessage(java.util.function.Supplier<JsonNode> read) throws MalformedMessageException {
        JsonNode inner;
        try {
            inner = read.get();
        } catch (JacksonException e) {
            throw notJson(e);
        }
        if (inner == null || !inner.isObject()) {
            throw notObject();
        }
        return (ObjectNode) inner;
    }

    private static MalformedMessageException notJson(JacksonException e) {
        return new MalformedMessageException("not_json", "oslo.message is not JSON (" + e.getOriginalMessage() + ")");
    }

    private static MalformedMessageException notObject() {
        return new MalformedMessageException("not_object", "oslo.message is not a JSON object");
    }

    private static ObjectNode unwrapAnyForm(byte[] body) throws MalformedMessageException {
        JsonMapper mapper = OsloJson.mapper();
        JsonNode outer;
        try {
            outer = mapper.readTree(body);
        } catch (JacksonException e) {
            throw new MalformedMessageException("not_json", "body is not JSON (" + e.getOriginalMessage() + ")");
        }
        if (outer == null || !outer.isObject()) {
            throw new MalformedMessageException("not_object", "body is not a JSON object");
        }
        if (!outer.has(VERSION_KEY) && !outer.has(MESSAGE_KEY)) {
            return (ObjectNode) outer;
        }
        JsonNode version = outer.get(VERSION_KEY);
        JsonNode message = outer.get(MESSAGE_KEY);
        if (version == null || !version.isString() || !compatible(version.asString())) {
            throw new MalformedMessageException("bad_envelope", "unsupported envelope version " + version);
        }
        if (message == null || !message.isString()) {
            throw new MalformedMessageException("bad_envelope", "oslo.message is missing or not a string");
        }
        return parseMessage(message.asString());
    }

    /** Same major version, minor not above ours: what oslo's {@code version_is_compatible("2.0", v)} accepts. */
    private static boolean compatible(String version) {
        try {
            return Versions.isCompatible(VERSION, version);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
