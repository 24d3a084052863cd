package org.novasim.messaging.wire;

import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.node.ObjectNode;

/**
 * A reply as oslo.messaging 14 sends it: one message with {@code result}, {@code failure} (null or a JSON string),
 * {@code ending: true} and the request's {@code _msg_id}. A reply with {@code ending: false} is the call monitor's
 * heartbeat and carries nothing.
 */
public record RpcReply(String msgId, JsonNode result, RemoteFailure failure, boolean ending) {

    public static RpcReply result(String msgId, JsonNode result) {
        return new RpcReply(msgId, result, null, true);
    }

    public static RpcReply failure(String msgId, RemoteFailure failure) {
        return new RpcReply(msgId, null, failure, true);
    }

    /** The body to publish: the message in oslo's field order, enveloped. */
    public byte[] toBody() {
        return Envelope.wrap(new MessageWriter() {
            @Override
            protected void writeFields(JsonGenerator out, SerializationContext serialization) {
                MessageWriter.writeTree(out, "result", result, serialization);
                MessageWriter.writeString(out, "failure", failure == null ? null : failure.toJson());
                out.writeBooleanProperty("ending", ending);
                MessageWriter.writeString(out, "_msg_id", msgId);
                out.writeStringProperty("_unique_id", MessageIds.newHex());
            }
        });
    }

    /** Reads a reply from a body as it comes off the reply queue. */
    public static RpcReply read(byte[] body) throws MalformedMessageException {
        Fields fields = new Fields();
        Envelope.read(body, fields);
        return fields.reply();
    }

    /** Reads a reply from a message already open. */
    public static RpcReply parse(ObjectNode message) throws MalformedMessageException {
        Fields fields = new Fields();
        Envelope.read(message, fields);
        return fields.reply();
    }

    /** A reply's fields as they are read, checked once all are in. */
    private static final class Fields implements Envelope.FieldReader {
        private JsonNode msgId;
        private JsonNode result;
        private JsonNode failure;
        private JsonNode ending;

        @Override
        public void field(String name, JsonNode value) {
            switch (name) {
                case "_msg_id" -> msgId = value;
                case "result" -> result = value;
                case "failure" -> failure = value;
                case "ending" -> ending = value;
                default -> { }
            }
        }

        RpcReply reply() throws MalformedMessageException {
            if (msgId == null || !msgId.isString()) {
                throw new MalformedMessageException("no_msg_id", "reply has no _msg_id");
            }
            RemoteFailure remoteFailure = null;
            if (failure != null && !failure.isNull()) {
                try {
                    remoteFailure = RemoteFailure.parse(failure.asString());
                } catch (RuntimeException e) {
                    throw new MalformedMessageException("bad_failure", "reply failure is not oslo's failure JSON");
                }
            }
            return new RpcReply(msgId.asString(), result, remoteFailure, ending != null && ending.asBoolean(false));
        }
    }
}
