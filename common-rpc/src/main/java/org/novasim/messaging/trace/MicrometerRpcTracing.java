package org.novasim.messaging.trace;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.rabbitmq.client.AMQP;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

import org.novasim.messaging.flow.FlowEvent.Kind;

/**
 * {@link RpcTracing} on Micrometer Tracing (Brave or OpenTelemetry underneath, as Spring Boot configures it): spans
 * named {@code rpc.<kind> <topic>.<method>}, the context written to and read from AMQP headers by the tracer's own
 * propagator (W3C {@code traceparent} by default, {@code management.tracing.propagation.*}).
 * <p>
 * A message sent outside any trace (heartbeats, periodic reports, work a service starts itself) starts a trace of its
 * own only with {@code newTraces}; otherwise it goes untraced, so that thousands of simulated hosts' reports do not
 * drown the traces of API requests.
 */
public final class MicrometerRpcTracing implements RpcTracing {

    static final String TOPIC = "rpc.topic";
    static final String METHOD = "rpc.method";
    static final String KIND = "rpc.kind";
    static final String MSG_ID = "rpc.msg_id";
    static final String REQUEST_ID = "rpc.request_id";
    static final String EXCHANGE = "messaging.destination.name";
    static final String ROUTING_KEY = "messaging.rabbitmq.destination.routing_key";

    private final Tracer tracer;
    private final Propagator propagator;
    private final boolean newTraces;
    private final List<String> fields;

    public MicrometerRpcTracing(Tracer tracer, Propagator propagator, boolean newTraces) {
        this.tracer = tracer;
        this.propagator = propagator;
        this.newTraces = newTraces;
        this.fields = List.copyOf(propagator.fields());
    }

    @Override
    public RpcSpan send(Kind kind, String exchange, String routingKey, String topic, String method, String msgId,
                        String requestId) {
        if (!newTraces && tracer.currentSpan() == null) {
            return RpcSpan.NONE;
        }
        Span.Builder builder = tracer.spanBuilder()
                .kind(kind == Kind.CALL ? Span.Kind.CLIENT : Span.Kind.PRODUCER)
                .remoteServiceName("rabbitmq");
        return start(builder, "rpc." + kind.name().toLowerCase(), kind, exchange, routingKey, topic, method, msgId,
                requestId);
    }

    @Override
    public RpcSpan handle(Map<String, Object> headers, Kind kind, String exchange, String routingKey, String topic,
                          String method, String msgId, String requestId) {
        boolean traced = headers != null && fields.stream().anyMatch(headers::containsKey);
        if (!traced && !newTraces) {
            return RpcSpan.NONE;
        }
        Span.Builder builder;
        try {
            builder = traced ? propagator.extract(headers, MicrometerRpcTracing::header)
                    : tracer.spanBuilder().setNoParent();
        } catch (RuntimeException unreadable) {
            // A header a peer garbled must not cost the request: it is handled untraced.
            return RpcSpan.NONE;
        }
        builder.kind(kind == Kind.CALL ? Span.Kind.SERVER : Span.Kind.CONSUMER);
        return start(builder, "rpc.handle", kind, exchange, routingKey, topic, method, msgId, requestId);
    }

    private MicrometerSpan start(Span.Builder builder, String verb, Kind kind, String exchange, String routingKey,
                                 String topic, String method, String msgId, String requestId) {
        builder.name(verb + " " + topic + "." + method)
                .tag(TOPIC, String.valueOf(topic))
                .tag(METHOD, String.valueOf(method))
                .tag(KIND, kind.name().toLowerCase())
                .tag(EXCHANGE, exchange == null ? "" : exchange)
                .tag(ROUTING_KEY, routingKey == null ? "" : routingKey);
        if (msgId != null) {
            builder.tag(MSG_ID, msgId);
        }
        if (requestId != null) {
            builder.tag(REQUEST_ID, requestId);
        }
        return new MicrometerSpan(builder.start());
    }

    private static String header(Map<String, Object> headers, String key) {
        Object value = headers.get(key);
        return value == null ? null : value.toString();
    }

    private final class MicrometerSpan implements RpcSpan {

        private final Span span;

        MicrometerSpan(Span span) {
            this.span = span;
        }

        @Override
        public AMQP.BasicProperties propagate(AMQP.BasicProperties properties) {
            Map<String, Object> headers = properties.getHeaders() == null ? new HashMap<>()
                    : new HashMap<>(properties.getHeaders());
            propagator.inject(span.context(), headers, Map::put);
            return properties.builder().headers(headers).build();
        }

        @Override
        public Scope inScope() {
            Tracer.SpanInScope scope = tracer.withSpan(span);
            return scope::close;
        }

        @Override
        public void failed(String error) {
            span.tag("error", error);
        }

        @Override
        public void end() {
            span.end();
        }
    }
}
