package org.novasim.messaging.flow;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.novasim.messaging.wire.Envelope;
import org.novasim.messaging.wire.MalformedMessageException;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the flow publisher reads from a recorded body, off the RPC path: the server (instance) the message is about
 * and its envelope with secrets left out.
 *
 * @param instance the uuid found under one of the instance keys, else null
 * @param envelope {@code {"oslo.version": ..., "oslo.message": {...}}} with secret values replaced, else null
 */
public record FlowEnvelope(@Nullable String instance, @Nullable ObjectNode envelope) {

    static final String HIDDEN = "***";
    private static final int MAX_DEPTH = 5;
    private static final int MAX_NODES = 2000;

    /** Reads a body; an unreadable one yields neither instance nor envelope. */
    public static FlowEnvelope read(byte[] body, List<String> instanceKeys, Set<String> secretKeys,
                                    boolean withEnvelope) {
        ObjectNode message;
        try {
            message = Envelope.unwrap(body);
        } catch (MalformedMessageException | RuntimeException e) {
            return new FlowEnvelope(null, null);
        }
        String instance = instanceOf(message, instanceKeys);
        if (!withEnvelope) {
            return new FlowEnvelope(instance, null);
        }
        hideSecrets(message, secretKeys, 0);
        ObjectNode envelope = message.objectNode();
        envelope.put(Envelope.VERSION_KEY, Envelope.VERSION);
        envelope.set(Envelope.MESSAGE_KEY, message);
        return new FlowEnvelope(instance, envelope);
    }

    /** The first uuid under the instance keys, searched breadth first in the request's args or the notification's payload. */
    static @Nullable String instanceOf(ObjectNode message, List<String> instanceKeys) {
        JsonNode root = message.has("args") ? message.get("args")
                : message.has("payload") ? message.get("payload") : message;
        for (String key : instanceKeys) {
            String found = find(root, key);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private static @Nullable String find(JsonNode root, String key) {
        Deque<Map.Entry<JsonNode, Integer>> queue = new ArrayDeque<>();
        queue.add(Map.entry(root, 0));
        int seen = 0;
        while (!queue.isEmpty() && seen++ < MAX_NODES) {
            Map.Entry<JsonNode, Integer> next = queue.poll();
            JsonNode node = next.getKey();
            int depth = next.getValue();
            if (node.isObject()) {
                JsonNode value = node.get(key);
                String uuid = value == null ? null : uuidIn(value);
                if (uuid != null) {
                    return uuid;
                }
            }
            if (depth < MAX_DEPTH && node.isContainer()) {
                for (JsonNode child : node.values()) {
                    if (child.isContainer()) {
                        queue.add(Map.entry(child, depth + 1));
                    }
                }
            }
        }
        return null;
    }

    /** A uuid given as text, or as an object's {@code uuid} (directly or in a versioned object's data). */
    private static @Nullable String uuidIn(JsonNode value) {
        if (value.isString()) {
            return looksLikeUuid(value.asString()) ? value.asString() : null;
        }
        if (value.isObject()) {
            JsonNode uuid = value.get("uuid");
            if (uuid == null) {
                for (Map.Entry<String, JsonNode> field : value.properties()) {
                    if (field.getKey().endsWith(".data") && field.getValue().isObject()) {
                        uuid = field.getValue().get("uuid");
                        break;
                    }
                }
            }
            return uuid != null && uuid.isString() && looksLikeUuid(uuid.asString()) ? uuid.asString() : null;
        }
        return null;
    }

    static boolean looksLikeUuid(String s) {
        if (s.length() == 36) {
            return s.charAt(8) == '-' && s.charAt(13) == '-' && s.charAt(18) == '-' && s.charAt(23) == '-';
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
