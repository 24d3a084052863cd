package org.novasim.messaging.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;

import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.TraceContext;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;

import org.novasim.messaging.RequestContext;
import org.novasim.messaging.Target;
import org.novasim.messaging.rpc.RpcClient;
import org.novasim.messaging.rpc.RpcClientFactory;
import org.novasim.messaging.rpc.RpcEndpoint;
import org.novasim.messaging.rpc.RpcServerFactory;
import org.novasim.messaging.wire.Envelope;
import org.novasim.testsupport.MessagingNode;
import org.novasim.testsupport.TestBroker;

import tools.jackson.databind.node.ObjectNode;

/**
 * Spans of the messaging layer with Spring Boot's Brave tracer, over the real broker: the caller's trace context
 * travels in the AMQP headers (W3C {@code traceparent}, Boot's default), the server's span is the child of the
 * caller's, the oslo body carries nothing of it, and OSProfiler's {@code _context_trace_info} passes untouched.
 */
class RpcTracingTest {

    private static final String EXCHANGE = TestBroker.uniqueName("test_tracing");
    private static final String TOPIC = TestBroker.uniqueName("traced");
    private static final Map<String, Object> OSPROFILER = Map.of("hmac_key", "SECRET_KEY",
            "base_id", "4ba9fa0f-3b1c-4a4e-9a2c-1f3c1c0f0a11", "parent_id", "0d8c1c4e-6a0b-4f38-8f8d-9a6b2c1e7f22");

    private static ConfigurableApplicationContext serverNode;
    private static ConfigurableApplicationContext clientNode;
    private static Traced endpoint;
    private static RpcClient client;
    private static Connection spyConnection;
    private static Channel spy;
    private static String spyQueue;

    private final RequestContext ctx = new RequestContext(RequestContext.newRequestId(), null, "alice", "project-a",
            List.of("member"), false, Map.of("trace_info", OSPROFILER));

    @RpcEndpoint(topic = "traced", version = "1.0")
    public static class Traced {
        final BlockingQueue<RequestContext> contexts = new LinkedBlockingQueue<>();

        public int echo(RequestContext context, int value) {
            contexts.add(context);
            return value;
        }

        public void note(RequestContext context) {
            contexts.add(context);
        }
    }

    /** The spans a node finished, as Brave hands them to its reporters. */
    @Configuration(proxyBeanMethods = false)
    static class CollectSpans {
        @Bean
        Spans spans() {
            return new Spans();
        }
    }

    static final class Spans extends SpanHandler {
        final List<MutableSpan> finished = new CopyOnWriteArrayList<>();

        @Override
        public boolean end(TraceContext context, MutableSpan span, Cause cause) {
            if (cause == Cause.FINISHED) {
                finished.add(span);
            }
            return true;
        }

        List<MutableSpan> named(String name) {
            return finished.stream().filter(s -> name.equals(s.name())).toList();
        }
    }

    @BeforeAll
    static void startNodes() throws Exception {
        String[] tracing = {"management.tracing.sampling.probability=1.0"};
        serverNode = MessagingNode.start(EXCHANGE, "traced-server", List.of(CollectSpans.class), tracing);
        clientNode = MessagingNode.start(EXCHANGE, "traced-client", List.of(CollectSpans.class), tracing);
        endpoint = new Traced();
        serverNode.getBean(RpcServerFactory.class).start(Target.topic(TOPIC).withServer("alpha"), List.of(endpoint));
        client = clientNode.getBean(RpcClientFactory.class).client(Target.topic(TOPIC).withVersion("1.0"),
                Duration.ofSeconds(10)).prepare(o -> o.server("alpha"));
        // A copy of every request to the server's queue, to read its properties and body as they were on the wire.
        TestBroker broker = TestBroker.get();
        spyConnection = broker.connectionFactory(broker.username(), broker.password(), broker.virtualHost())
                .newConnection();
        spy = spyConnection.createChannel();
        spyQueue = spy.queueDeclare("", false, true, true, null).getQueue();
        spy.queueBind(spyQueue, EXCHANGE, TOPIC + ".alpha");
    }

    @AfterAll
    static void stopNodes() throws Exception {
        if (spyConnection != null) {
            spyConnection.close();
        }
        if (clientNode != null) {
            clientNode.close();
        }
        if (serverNode != null) {
            serverNode.close();
        }
    }

    @BeforeEach
    void forgetEarlierSpans() {
        serverNode.getBean(Spans.class).finished.clear();
        clientNode.getBean(Spans.class).finished.clear();
        endpoint.contexts.clear();
    }

    @Test
    void aCallInATraceIsAClientSpanWhoseChildIsTheServersSpan() throws Exception {
        Tracer tracer = clientNode.getBean(Tracer.class);
        Span request = tracer.nextSpan().name("http post /v2.1/servers").start();
        try (Tracer.SpanInScope scope = tracer.withSpan(request)) {
            assertThat(client.call(ctx, "echo", Map.of("value", 7), Integer.class)).isEqualTo(7);
        } finally {
            request.end();
        }

        AMQP.BasicProperties properties = onTheWire().getProps();
        String traceId = request.context().traceId();
        assertThat(properties.getHeaders()).containsKey("traceparent");
        assertThat(properties.getHeaders().get("traceparent").toString()).matches("00-" + traceId + "-[0-9a-f]{16}-01");

        MutableSpan call = await(clientNode, "rpc.call " + TOPIC + ".echo");
        MutableSpan handled = await(serverNode, "rpc.handle " + TOPIC + ".echo");
        MutableSpan reply = await(serverNode, "rpc.reply " + TOPIC + ".echo");
        assertThat(call.traceId()).isEqualTo(traceId);
        assertThat(call.parentId()).isEqualTo(request.context().spanId());
        assertThat(call.kind()).isEqualTo(brave.Span.Kind.CLIENT);
        assertThat(properties.getHeaders().get("traceparent").toString()).contains("-" + call.id() + "-");
        assertThat(handled.traceId()).isEqualTo(traceId);
        assertThat(handled.parentId()).as("the server span is the caller's child").isEqualTo(call.id());
        assertThat(handled.kind()).isEqualTo(brave.Span.Kind.SERVER);
        assertThat(reply.parentId()).isEqualTo(handled.id());
        assertThat(handled.tags()).containsEntry("rpc.topic", TOPIC).containsEntry("rpc.method", "echo")
                .containsEntry("rpc.kind", "call").containsEntry("rpc.request_id", ctx.requestId())
                .containsEntry("rpc.msg_id", call.tag("rpc.msg_id"));
    }

    @Test
    void theOsloBodyCarriesNoTraceAndOsProfilersTraceInfoPassesUntouched() throws Exception {
        Tracer tracer = clientNode.getBean(Tracer.class);
        Span request = tracer.nextSpan().name("request").start();
        try (Tracer.SpanInScope scope = tracer.withSpan(request)) {
            client.cast(ctx, "note", Map.of());
        } finally {
            request.end();
        }

        GetResponse message = onTheWire();
        assertThat(message.getProps().getHeaders()).containsKey("traceparent");
        ObjectNode body = Envelope.unwrap(message.getBody());
        assertThat(body.propertyNames()).containsExactlyInAnyOrder("method", "args", "version", "_unique_id",
                "_context_request_id", "_context_global_request_id", "_context_user_id", "_context_project_id",
                "_context_roles", "_context_is_admin", "_context_trace_info");
        assertThat(new String(message.getBody(), StandardCharsets.UTF_8)).doesNotContain("traceparent")
                .doesNotContain(request.context().traceId());
        RequestContext received = endpoint.contexts.poll(10, TimeUnit.SECONDS);
        assertThat(received).isNotNull();
        assertThat(received.extra()).containsEntry("trace_info", OSPROFILER);
        MutableSpan handled = await(serverNode, "rpc.handle " + TOPIC + ".note");
        assertThat(handled.kind()).isEqualTo(brave.Span.Kind.CONSUMER);
        assertThat(handled.parentId()).isEqualTo(await(clientNode, "rpc.cast " + TOPIC + ".note").id());
    }

    @Test
    void aMessageSentOutsideAnyTraceStartsNoneAndCarriesNoHeader() throws Exception {
        assertThat(client.call(ctx, "echo", Map.of("value", 1), Integer.class)).isEqualTo(1);

        assertThat(onTheWire().getProps().getHeaders()).doesNotContainKey("traceparent");
        assertThat(endpoint.contexts.poll(10, TimeUnit.SECONDS)).isNotNull();
        Thread.sleep(200);
        assertThat(clientNode.getBean(Spans.class).finished).isEmpty();
        assertThat(serverNode.getBean(Spans.class).finished).isEmpty();
    }

    private static GetResponse onTheWire() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            GetResponse response = spy.basicGet(spyQueue, true);
            if (response != null) {
                return response;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no copy of the request reached the spy queue");
    }

    private static MutableSpan await(ConfigurableApplicationContext node, String name) throws InterruptedException {
        Spans spans = node.getBean(Spans.class);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            List<MutableSpan> found = spans.named(name);
            if (!found.isEmpty()) {
                assertThat(found).as(name).hasSize(1);
                return found.getFirst();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no span '" + name + "' in " + spans.finished.stream().map(MutableSpan::name).toList());
    }
}
