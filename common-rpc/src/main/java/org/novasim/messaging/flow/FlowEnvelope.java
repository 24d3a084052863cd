package org.novasim.messaging.flow;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.novasim.messaging.wire.Envelope;
import org.novasim.messaging.wire.MalformedMessageException;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the flow reads from a recorded body: the server (instance) the message is about (the publisher, for every
 * record, by a scan) and its envelope with secrets left out (the collector, only when one message is asked for).
 *
 * @param instance the uuid found under one of the instance keys, else null
 * @param envelope {@code {"oslo.version": ..., "oslo.message": {...}}} with secret values replaced, else null
 */
public record FlowEnvelope(@Nullable String instance, @Nullable ObjectNode envelope) {

    static final String HIDDEN = "***";

    /** Reads a body: its instance, and (if asked) its envelope; an unreadable body yields no envelope. */
    public static FlowEnvelope read(byte[] body, List<String> instanceKeys, Set<String> secretKeys,
                                    boolean withEnvelope) {
        return new FlowEnvelope(instanceIn(body, instanceKeys), withEnvelope ? shown(body, secretKeys) : null);
    }

    /** The envelope opened into JSON, secret values replaced; null if the body is not an oslo message. */
    public static @Nullable ObjectNode shown(byte[] body, Set<String> secretKeys) {
        ObjectNode message;
        try {
            message = Envelope.unwrap(body);
        } catch (MalformedMessageException | RuntimeException e) {
            return null;
        }
        hideSecrets(message, secretKeys, 0);
        ObjectNode envelope = message.objectNode();
        envelope.put(Envelope.VERSION_KEY, Envelope.VERSION);
        envelope.set(Envelope.MESSAGE_KEY, message);
        return envelope;
    }

    /**
     * The first uuid under one of the keys, the keys tried in order: a text scan of the body, without parsing it
     * (this runs for every record). A key's value is a uuid string, or an object whose first {@code uuid} is taken
     * (an Instance, or its {@code nova_object.data}). The body's message may be JSON inside a JSON string, so quotes
     * may come escaped.
     */
    public static @Nullable String instanceIn(byte[] body, List<String> keys) {
        String text = new String(body, StandardCharsets.ISO_8859_1); // keys and uuids are ASCII; no decoding needed
        for (String key : keys) {
            int from = 0;
            int value;
            while ((value = valueAfterKey(text, key, from)) >= 0) {
                from = value;
                String uuid = text.charAt(value) == '{' ? uuidAfter(text, valueAfterKey(text, "uuid", value))
                        : uuidAfter(text, value);
                if (uuid != null) {
                    return uuid;
                }
            }
        }
        return null;
    }

    /** Where the value of the next {@code "key":} from {@code from} begins, or -1. */
    private static int valueAfterKey(String text, String key, int from) {
        int n = text.length();
        int at = from;
        while ((at = text.indexOf(key, at)) >= 0) {
            int start = at;
            at += key.length();
            if (start == 0 || text.charAt(start - 1) != '"') {
                continue;
            }
            int i = at;
            if (i < n && text.charAt(i) == '\\') {
                i++;
            }
            if (i >= n || text.charAt(i) != '"') {
                continue;
            }
            i = skipSpaces(text, i + 1);
            if (i >= n || text.charAt(i) != ':') {
                continue;
            }
            i = skipSpaces(text, i + 1);
            if (i < n) {
                return i;
            }
        }
        return -1;
    }

    private static int skipSpaces(String text, int i) {
        while (i < text.length() && text.charAt(i) == ' ') {
            i++;
        }
        return i;
    }

    /** The uuid string starting at {@code at} (after its opening quote, escaped or not), else null. */
    private static @Nullable String uuidAfter(String text, int at) {
        if (at < 0) {
            return null;
        }
        int i = at;
        if (i < text.length() && text.charAt(i) == '\\') {
            i++;
        }
        if (i >= text.length() || text.charAt(i) != '"') {
            return null;
        }
        i++;
        for (int length : new int[] {36, 32}) {
            if (i + length < text.length()) {
                String candidate = text.substring(i, i + length);
                char after = text.charAt(i + length);
                if ((after == '"' || after == '\\') && looksLikeUuid(candidate)) {
                    return candidate;
                }
            }
        }
        return null;
    }

    static boolean looksLikeUuid(String s) {
        if (s.length() == 36) {
            for (int i = 0; i < 36; i++) {
                char c = s.charAt(i);
                boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
                if (dash ? c != '-' : Character.digit(c, 16) < 0) {
                    return false;
                }
            }
            return true;
        }
        return s.length() == 32 && s.chars().allMatch(c -> Character.digit(c, 16) >= 0);
    }

    private static void hideSecrets(JsonNode node, Set<String> secretKeys, int depth) {
        if (depth > 32) {
            return;
        }
        if (node instanceof ObjectNode object) {
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                if (secretKeys.contains(field.getKey()) && !field.getValue().isNull()) {
                    field.setValue(object.stringNode(HIDDEN));
                } else {
                    hideSecrets(field.getValue(), secretKeys, depth + 1);
                }
            }
        } else if (node.isArray()) {
            for (JsonNode child : node.values()) {
                hideSecrets(child, secretKeys, depth + 1);
            }
        }
    }
}
