package org.novasim.messaging.wire;

import java.nio.charset.StandardCharsets;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
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

    private Envelope() {
    }

    /** Serialises the message, then wraps that string in the envelope. */
    public static byte[] wrap(ObjectNode message) {
        JsonMapper mapper = OsloJson.mapper();
        byte[] inner = mapper.writeValueAsBytes(mapper.writeValueAsString(message));
        byte[] body = new byte[HEAD.length + inner.length + 1];
        System.arraycopy(HEAD, 0, body, 0, HEAD.length);
        System.arraycopy(inner, 0, body, HEAD.length, inner.length);
        body[body.length - 1] = '}';
        return body;
    }

    /** Opens a body into the message it carries. */
    public static ObjectNode unwrap(byte[] body) throws MalformedMessageException {
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
        JsonNode inner;
        try {
            inner = mapper.readTree(message.asString());
        } catch (JacksonException e) {
            throw new MalformedMessageException("not_json", "oslo.message is not JSON (" + e.getOriginalMessage() + ")");
        }
        if (inner == null || !inner.isObject()) {
            throw new MalformedMessageException("not_object", "oslo.message is not a JSON object");
        }
        return (ObjectNode) inner;
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
