package org.novasim.messaging.wire;

import org.novasim.messaging.RequestContext;

import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationContext;
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

    /** Reads a request from a body as it comes off the queue. */
    public static RpcRequest read(byte[] body) throws MalformedMessageException {
        Fields fields = new Fields();
        Envelope.read(body, fields);
        return fields.request();
    }

    /** Reads a request from a message already open. */
    public static RpcRequest parse(ObjectNode message) throws MalformedMessageException {
        Fields fields = new Fields();
        Envelope.read(message, fields);
        return fields.request();
    }

    /**
     * The body to publish: the message in oslo's field order (method, args, namespace, version, call fields, unique
     * id, context), enveloped.
     */
    public byte[] toBody() {
        return Envelope.wrap(new MessageWriter() {
            @Override
            protected void writeFields(JsonGenerator out, SerializationContext serialization) {
                MessageWriter.writeString(out, "method", method);
                MessageWriter.writeTree(out, "args", args, serialization);
                if (namespace != null) {
                    out.writeStringProperty("namespace", namespace);
                }
                if (version != null) {
                    out.writeStringProperty("version", version);
                }
                if (msgId != null) {
                    out.writeStringProperty("_msg_id", msgId);
                    MessageWriter.writeString(out, "_reply_q", replyQueue);
                    out.writeNullProperty("_timeout");
                }
                MessageWriter.writeString(out, "_unique_id", uniqueId);
                ContextKeys.write(context, out, serialization);
            }
        });
    }

    /** A request's fields as they are read, checked once all are in (a repeated field counts with its last value). */
    private static final class Fields implements Envelope.FieldReader {
        private final ContextKeys.Unpacker context = new ContextKeys.Unpacker();
        private JsonNode method;
        private JsonNode args;
        private JsonNode version;
        private String namespace;
        private String msgId;
        private String replyQueue;
        private String uniqueId;

        @Override
        public void field(String name, JsonNode value) {
            switch (name) {
                case "method" -> method = value;
                case "args" -> args = value;
                case "version" -> version = value;
                case "namespace" -> namespace = text(value);
                case "_msg_id" -> msgId = text(value);
                case "_reply_q" -> replyQueue = text(value);
                case "_unique_id" -> uniqueId = text(value);
                default -> context.field(name, value);
            }
        }

        RpcRequest request() throws MalformedMessageException {
            if (method == null || !method.isString() || method.asString().isEmpty()) {
                throw new MalformedMessageException("no_method", "message has no method name");
            }
            if (args != null && !args.isNull() && !args.isObject()) {
                throw new MalformedMessageException("bad_args", "args is not a JSON object");
            }
            if (version != null && !version.isNull() && !version.isString()) {
                throw new MalformedMessageException("bad_version", "version is not a string");
            }
            if (msgId != null && replyQueue == null) {
                throw new MalformedMessageException("no_reply_queue", "call " + msgId + " names no reply queue");
            }
            return new RpcRequest(method.asString(),
                    args == null || args.isNull() ? JsonNodeFactory.instance.objectNode() : (ObjectNode) args,
                    namespace, version == null ? DEFAULT_VERSION : version.isNull() ? null : version.asString(),
                    msgId, replyQueue, uniqueId, context.context());
        }

        private static String text(JsonNode node) {
            return node.isNull() ? null : node.asString();
        }
    }
}
