package org.novasim.messaging.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.rabbitmq.client.AMQP;

import org.novasim.messaging.RequestContext;
import org.novasim.messaging.transport.AmqpTransport;
import org.novasim.messaging.transport.OsloTopology;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What oslo.messaging 14.0.3 put on RabbitMQ 3.10 (a capture: a call, its reply, a cast, a failing call and its
 * failure reply, a fanout cast, a notification) is what we read, and what we write has the same shape.
 */
class OsloWireCaptureTest {

    private static JsonNode capture;

    @BeforeAll
    static void load() throws Exception {
        try (InputStream in = OsloWireCaptureTest.class.getResourceAsStream("/wire/oslo-messaging-14.0.3-wire-capture.json")) {
            capture = OsloJson.mapper().readTree(in);
        }
    }

    private static ObjectNode inner(int index) throws MalformedMessageException {
        return Envelope.unwrap(capture.get(index).get("body").asString().getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> keys(JsonNode node) {
        return new ArrayList<>(node.propertyNames());
    }

    private static List<String> keysWithoutContext(JsonNode node) {
        return keys(node).stream().filter(k -> !k.startsWith("_context_")).toList();
    }

    @Test
    void readsOslosCall() throws Exception {
        RpcRequest call = RpcRequest.parse(inner(0));

        assertThat(call.method()).isEqualTo("allocate_for_instance");
        assertThat(call.args().get("instance_id").asString()).isEqualTo("abc");
        assertThat(call.version()).isEqualTo("1.0");
        assertThat(call.isCall()).isTrue();
        assertThat(call.msgId()).isEqualTo("b33e8e603d904c1eb4cbb82c58c6c66c");
        assertThat(call.replyQueue()).isEqualTo("reply_1b0b14f32c91419cb01373eb30ff3d4b");
        assertThat(call.uniqueId()).isEqualTo("998fcc101d794ff7831b2a93382abaa8");
        assertThat(call.context().requestId()).isEqualTo("req-1");
        assertThat(call.context().userId()).isEqualTo("u");
    }

    @Test
    void writesACallAsOsloDoes() throws Exception {
        RpcRequest ours = new RpcRequest("allocate_for_instance", OsloJson.mapper().valueToTree(Map.of("instance_id", "abc")),
                null, "1.0", MessageIds.newHex(), "reply_" + MessageIds.newHex(), MessageIds.newHex(),
                RequestContext.of("req-1", "u", null, List.of(), false));
        ObjectNode written = Envelope.unwrap(ours.toBody());

        assertThat(keysWithoutContext(written)).isEqualTo(keysWithoutContext(inner(0)));
        assertThat(written.get("_timeout").isNull()).isTrue();
        assertThat(written.get("_context_request_id").asString()).isEqualTo("req-1");
        assertThat(written.get("_msg_id").asString()).matches("[0-9a-f]{32}");
        JsonNode envelope = OsloJson.mapper().readTree(ours.toBody());
        assertThat(keys(envelope)).containsExactly("oslo.version", "oslo.message");
        assertThat(envelope.get("oslo.version").asString()).isEqualTo("2.0");
        assertThat(envelope.get("oslo.message").isString()).isTrue();
    }

    @Test
    void writesACastWithoutCallFields() throws Exception {
        RpcRequest cast = new RpcRequest("allocate_for_instance", OsloJson.mapper().createObjectNode(), null, "1.0",
                null, null, MessageIds.newHex(), RequestContext.of("req-2", null, null, List.of(), false));

        assertThat(keysWithoutContext(Envelope.unwrap(cast.toBody()))).isEqualTo(keysWithoutContext(inner(2)));
        assertThat(RpcRequest.parse(inner(2)).isCall()).isFalse();
    }

    @Test
    void usesOslosMessageProperties() {
        JsonNode props = capture.get(0).get("props");
        AMQP.BasicProperties call = new AmqpTransport(new org.springframework.amqp.rabbit.connection.CachingConnectionFactory())
                .callProperties(10_000);
        assertThat(call.getExpiration()).isEqualTo(props.get("expiration").asString());
        for (AMQP.BasicProperties p : List.of(call, AmqpTransport.properties())) {
            assertThat(p.getContentType()).isEqualTo(props.get("content_type").asString());
            assertThat(p.getContentEncoding()).isEqualTo(props.get("content_encoding").asString());
            assertThat(p.getDeliveryMode()).isEqualTo(props.get("delivery_mode").asInt());
            assertThat(p.getPriority()).isEqualTo(props.get("priority").asInt());
            assertThat(p.getHeaders()).isEmpty();
        }
        assertThat(AmqpTransport.properties().getExpiration()).isNull();
        assertThat(capture.get(2).get("props").has("expiration")).isFalse();
    }

    @Test
    void readsAndWritesReplies() throws Exception {
        RpcReply reply = RpcReply.parse(inner(1));
        assertThat(reply.ending()).isTrue();
        assertThat(reply.failure()).isNull();
        assertThat(reply.msgId()).isEqualTo("b33e8e603d904c1eb4cbb82c58c6c66c");
        assertThat(reply.result().get("ip").asString()).isEqualTo("10.0.0.5");

        ObjectNode ours = Envelope.unwrap(RpcReply.result("m", reply.result()).toBody());
        assertThat(keys(ours)).isEqualTo(keys(inner(1)));
        assertThat(ours.get("failure").isNull()).isTrue();
        assertThat(capture.get(1).get("exchange").asString()).isEmpty();
    }

    @Test
    void readsAndWritesFailures() throws Exception {
        RpcReply reply = RpcReply.parse(inner(4));
        RemoteFailure failure = reply.failure();
        assertThat(failure.className()).isEqualTo("ValueError");
        assertThat(failure.module()).isEqualTo("builtins");
        assertThat(failure.message()).isEqualTo("nope");
        assertThat(failure.args()).containsExactly("nope");
        assertThat(failure.tb()).first().asString().startsWith("Traceback");
        assertThat(reply.result().isNull()).isTrue();

        String theirs = inner(4).get("failure").asString();
        String ours = RemoteFailure.of(new IllegalStateException("nope")).toJson();
        assertThat(keys(OsloJson.mapper().readTree(ours))).isEqualTo(keys(OsloJson.mapper().readTree(theirs)));
        assertThat(keys(Envelope.unwrap(RpcReply.failure("m", failure).toBody()))).isEqualTo(keys(inner(4)));
    }

    @Test
    void fanoutGoesToTheTopicsFanoutExchange() {
        assertThat(OsloTopology.fanoutExchangeName("network")).isEqualTo(capture.get(5).get("exchange").asString());
        assertThat(capture.get(5).get("rk").get(0).asString()).isEmpty();
    }
}
