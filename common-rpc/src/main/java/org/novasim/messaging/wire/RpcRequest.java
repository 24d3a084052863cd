package org.novasim.messaging.wire;

import org.novasim.messaging.RequestContext;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * An RPC request as it travels inside {@code oslo.message}. A call carries {@code _msg_id} and {@code _reply_q};
 * a cast does not.
 *
 * @param version the requested version; {@code "1.0"} when the message has none, {@code null} when it has an
 *                explicit null (which oslo's dispatcher refuses as an unsupported version)
 */
public record RpcRequest(String method, ObjectNode args, String namespace, String version, String msgId,
                         String replyQueue, String uniqueId, RequestContext context) {

    private static final String DEFAULT_VERSION = "1.0";

    public boolean isCall() {
        return msgId != null;
    }

    public static RpcRequest parse(ObjectNode message) throws MalformedMessageException {
        JsonNode method = message.get("method");
        if (method == null || !method.isString() || method.asString().isEmpty()) {
            throw new MalformedMessageException("no_method", "message has no method name");
        }
        JsonNode args = message.get("args");
        if (args != null && !args.isNull() && !args.isObject()) {
            throw new MalformedMessageException("bad_args", "args is not a JSON object");
        }
        JsonNode version = message.get("version");
        if (version != null && !version.isNull() && !version.isString()) {
            throw new MalformedMessageException("bad_version", "version is not a string");
        }
        String msgId = text(message, "_msg_id");
        String replyQueue = text(message, "_reply_q");
        if (msgId != null && replyQueue == null) {
            throw new MalformedMessageException("no_reply_queue", "call " + msgId + " names no reply queue");
        }
        return new RpcRequest(method.asString(),
                args == null || args.isNull() ? JsonNodeFactory.instance.objectNode() : (ObjectNode) args,
                text(message, "namespace"),
                version == null ? DEFAULT_VERSION : version.isNull() ? null : version.asString(),
                msgId, replyQueue, text(message, "_unique_id"), ContextKeys.unpack(message));
    }

    /** The message in oslo's field order: method, args, namespace, version, call fields, unique id, context. */
    public ObjectNode toMessage() {
        ObjectNode m = JsonNodeFactory.instance.objectNode();
        m.put("method", method);
        m.set("args", args);
        if (namespace != null) {
            m.put("namespace", namespace);
        }
        if (version != null) {
            m.put("version", version);
        }
        if (msgId != null) {
            m.put("_msg_id", msgId);
            m.put("_reply_q", replyQueue);
            m.putNull("_timeout");
        }
        m.put("_unique_id", uniqueId);
        ContextKeys.pack(context, m);
        return m;
    }

    private static String text(ObjectNode message, String key) {
        JsonNode node = message.get(key);
        return node == null || node.isNull() ? null : node.asString();
    }
}
