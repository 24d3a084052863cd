package org.novasim.messaging.wire;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
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

    public ObjectNode toMessage() {
        ObjectNode m = JsonNodeFactory.instance.objectNode();
        m.set("result", result == null ? JsonNodeFactory.instance.nullNode() : result);
        if (failure == null) {
            m.putNull("failure");
        } else {
            m.put("failure", failure.toJson());
        }
        m.put("ending", ending);
        m.put("_msg_id", msgId);
        m.put("_unique_id", MessageIds.newHex());
        return m;
    }

    public static RpcReply parse(ObjectNode message) throws MalformedMessageException {
        JsonNode msgId = message.get("_msg_id");
        if (msgId == null || !msgId.isString()) {
            throw new MalformedMessageException("no_msg_id", "reply has no _msg_id");
        }
        JsonNode failure = message.get("failure");
        RemoteFailure remoteFailure = null;
        if (failure != null && !failure.isNull()) {
            try {
                remoteFailure = RemoteFailure.parse(failure.asString());
            } catch (RuntimeException e) {
                throw new MalformedMessageException("bad_failure", "reply failure is not oslo's failure JSON");
            }
        }
        return new RpcReply(msgId.asString(), message.get("result"), remoteFailure, message.path("ending").asBoolean(false));
    }
}
