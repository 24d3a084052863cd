package org.novasim.messaging.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.novasim.messaging.RequestContext;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Requests and replies are written field by field and read as a stream: the bytes are those of the same message
 * built as a tree in oslo's order, and what is read back is what was written.
 */
class MessageBodyTest {

    private static final RequestContext CONTEXT;

    static {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("auth_token", "tok");
        extra.put("read_deleted", "no");
        extra.put("service_catalog", List.of(Map.of("type", "network", "endpoints", List.of())));
        extra.put("timestamp", 1.5);
        CONTEXT = new RequestContext("req-1", "req-g", "u1", "p1", List.of("admin", "member"), true, extra);
    }

    private static ObjectNode tree(RpcRequest request) {
        ObjectNode m = OsloJson.mapper().createObjectNode();
        m.put("method", request.method());
        m.set("args", request.args());
        if (request.namespace() != null) {
            m.put("namespace", request.namespace());
        }
        if (request.version() != null) {
            m.put("version", request.version());
        }
        if (request.isCall()) {
            m.put("_msg_id", request.msgId());
            m.put("_reply_q", request.replyQueue());
            m.putNull("_timeout");
        }
        m.put("_unique_id", request.uniqueId());
        RequestContext context = request.context();
        context.extra().forEach((key, value) -> m.set("_context_" + key, OsloJson.toTree(value)));
        m.put("_context_request_id", context.requestId());
        m.put("_context_global_request_id", context.globalRequestId());
        m.put("_context_user_id", context.userId());
        m.put("_context_project_id", context.projectId());
        ArrayNode roles = m.putArray("_context_roles");
        context.roles().forEach(roles::add);
        m.put("_context_is_admin", context.isAdmin());
        return m;
    }

    private static String text(byte[] body) {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Test
    void writesRequestsAsTheirTreeAndReadsThemBack() throws Exception {
        ObjectNode args = OsloJson.mapper().createObjectNode().put("instance_uuid", "9e1d\"é😀\n");
        args.putObject("request_spec").putArray("hosts").add("vm-1").addNull();
        List<RpcRequest> requests = List.of(
                new RpcRequest("build_and_run_instance", args, "compute", "6.0", MessageIds.newHex(),
                        "reply_" + MessageIds.newHex(), MessageIds.newHex(), CONTEXT),
                new RpcRequest("schedule_and_build_instances", args, null, "1.17", null, null, MessageIds.newHex(),
                        RequestContext.of(null, null, null, List.of(), false)),
                new RpcRequest("ping", OsloJson.mapper().createObjectNode(), null, null, null, null,
                        MessageIds.newHex(), RequestContext.admin()));
        for (RpcRequest request : requests) {
            byte[] body = request.toBody();
            assertThat(text(body)).isEqualTo(text(Envelope.wrap(tree(request))));
            // A request without a version is read as oslo's default, 1.0.
            RpcRequest expected = request.version() != null ? request : new RpcRequest(request.method(), request.args(),
                    request.namespace(), "1.0", null, null, request.uniqueId(), request.context());
            assertThat(RpcRequest.read(body)).isEqualTo(expected);
            assertThat(RpcRequest.parse(Envelope.unwrap(body))).isEqualTo(expected);
        }
    }

    @Test
    void readsARepeatedFieldByItsLastValueAsTheTreeDoes() throws Exception {
        String head = "{\"oslo.version\": \"2.0\", \"oslo.message\": ";
        String inner = "{\\\"method\\\": \\\"first\\\", \\\"args\\\": 5, \\\"method\\\": \\\"last\\\", \\\"args\\\": {}, "
                + "\\\"_context_request_id\\\": \\\"req-a\\\", \\\"_context_x\\\": 1, \\\"_context_x\\\": null}";
        byte[] body = (head + "\"" + inner + "\"}").getBytes(StandardCharsets.UTF_8);

        RpcRequest request = RpcRequest.read(body);
        assertThat(request.method()).isEqualTo("last");
        assertThat(request.context().requestId()).isEqualTo("req-a");
        assertThat(request.context().extra()).isEmpty();
        assertThat(request).isEqualTo(RpcRequest.parse(Envelope.unwrap(body)));
    }

    @Test
    void writesRepliesAsTheirTreeAndReadsThemBack() throws Exception {
        RemoteFailure failure = RemoteFailure.of(new IllegalStateException("nope"));
        for (RpcReply reply : List.of(RpcReply.result("m1", OsloJson.toTree(Map.of("ip", "10.0.0.5"))),
                RpcReply.result("m2", null), RpcReply.failure("m3", failure))) {
            byte[] body = reply.toBody();
            ObjectNode written = Envelope.unwrap(body);
            ObjectNode tree = OsloJson.mapper().createObjectNode();
            tree.set("result", reply.result() == null ? tree.nullNode() : reply.result());
            tree.put("failure", reply.failure() == null ? null : reply.failure().toJson());
            tree.put("ending", true);
            tree.put("_msg_id", reply.msgId());
            tree.put("_unique_id", written.get("_unique_id").asString()); // new for every reply
            assertThat(text(body)).isEqualTo(text(Envelope.wrap(tree)));

            RpcReply read = RpcReply.read(body);
            assertThat(read.msgId()).isEqualTo(reply.msgId());
            assertThat(read.ending()).isTrue();
            assertThat(read.result()).isEqualTo(reply.result() == null ? tree.nullNode() : reply.result());
            assertThat(read.failure() == null ? null : read.failure().className())
                    .isEqualTo(reply.failure() == null ? null : reply.failure().className());
        }
    }
}
