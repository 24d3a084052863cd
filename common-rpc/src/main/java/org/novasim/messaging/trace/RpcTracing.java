package org.novasim.messaging.trace;

import java.util.Map;

import org.novasim.messaging.flow.FlowEvent.Kind;

/**
 * Spans for the messaging layer: one for each call, cast and reply sent and each request handled, the trace context
 * travelling in the message's AMQP headers (oslo peers ignore them; the oslo body is unchanged). {@link #NONE} when no
 * tracer is configured: then nothing is made and nothing added to the messages.
 */
public interface RpcTracing {

    /** No tracing: every span is {@link RpcSpan#NONE}. */
    RpcTracing NONE = new RpcTracing() {
        @Override
        public RpcSpan send(Kind kind, String exchange, String routingKey, String topic, String method, String msgId,
                            String requestId) {
            return RpcSpan.NONE;
        }

        @Override
        public RpcSpan handle(Map<String, Object> headers, Kind kind, String exchange, String routingKey, String topic,
                              String method, String msgId, String requestId) {
            return RpcSpan.NONE;
        }
    };

    /**
     * A span for a message this process sends (call, cast, fanout or reply), a child of the current span: the caller's
     * for a request sent while handling another or serving an HTTP request, the handled request's for a reply.
     */
    RpcSpan send(Kind kind, String exchange, String routingKey, String topic, String method, String msgId,
                 String requestId);

    /** A span for a request this server handles, a child of the span whose context its headers carry. */
    RpcSpan handle(Map<String, Object> headers, Kind kind, String exchange, String routingKey, String topic,
                   String method, String msgId, String requestId);
}
