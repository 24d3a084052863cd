package org.novasim.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.novasim.api.ApiClient;
import org.novasim.testsupport.TestBroker;

import tools.jackson.databind.JsonNode;

/**
 * Traces in a real Zipkin server: the four services report their spans to it, and one boot is one trace holding the
 * API's HTTP request and every call, cast, reply and handled request of the build, each server span a child of its
 * caller's, the trace context having travelled in the messages' AMQP headers.
 */
class TracingIT {

    private static final List<String> SERVICES = List.of("nova-api", "nova-conductor", "nova-compute", "nova-network");
    /** The build's last call, object_class_action_versions named by object and method. */
    private static final String LAST_CALL = "InstanceActionEvent.event_finish_with_failure";

    private static ZipkinServer zipkin;
    private static NovaStack stack;
    private static ApiClient admin;

    @BeforeAll
    static void start() throws Exception {
        Path logs = Path.of(System.getProperty("novasim.root", "..")).toAbsolutePath().normalize()
                .resolve("nova-api/target/e2e-logs");
        Files.createDirectories(logs);
        zipkin = ZipkinServer.start(logs.resolve("zipkin.log"));
        stack = new NovaStack(module -> TestBroker.get().transportUrl(), true, Map.of(
                "management.tracing.export.enabled", "true",
                "management.tracing.export.zipkin.endpoint", zipkin.spansEndpoint())).start().awaitServicesUp();
        admin = stack.admin();
    }

    @AfterAll
    static void stop() throws Exception {
        if (stack != null) {
            stack.close();
        }
        if (zipkin != null) {
            zipkin.close();
        }
    }

    @Test
    void oneBootIsOneTraceAcrossTheFourServices() throws Exception {
        ApiClient.Response created = Servers.boot(admin, "traced", "1", "auto", 1);
        String requestId = created.header("X-Openstack-Request-Id");
        String id = created.json().at("/server/id").asString();
        JsonNode server = Servers.await(admin, id, Duration.ofSeconds(60), Servers::settled);
        assertThat(server.get("status").asString()).isEqualTo("ACTIVE");

        // Spans reach Zipkin a second or so after they end: wait until the build's last message is there.
        List<JsonNode> trace = awaitTrace(requestId, spans -> has(spans, "nova-compute", "rpc.call", LAST_CALL)
                && has(spans, "nova-conductor", "rpc.handle", LAST_CALL));

        // ONE trace: every service's spans tagged with the request id are in it.
        String traceId = trace.getFirst().get("traceId").asString();
        for (String service : SERVICES) {
            JsonNode traces = zipkin.get("/api/v2/traces?limit=10&serviceName=" + service + "&annotationQuery="
                    + URLEncoder.encode("rpc.request_id=" + requestId, StandardCharsets.UTF_8));
            assertThat(traces.valueStream().map(t -> t.get(0).get("traceId").asString()).toList())
                    .as(service + "'s traces of " + requestId).containsExactly(traceId);
        }
        Set<String> services = new HashSet<>();
        trace.forEach(s -> services.add(s.at("/localEndpoint/serviceName").asString()));
        assertThat(services).containsAll(SERVICES);

        // The boot's path, each server span the child of its caller's.
        JsonNode http = only(trace, s -> "nova-api".equals(service(s)) && "SERVER".equals(s.path("kind").asString())
                && s.get("name").asString().startsWith("http post"));
        JsonNode schedule = span(trace, "nova-api", "rpc.cast", "schedule_and_build_instances");
        assertThat(schedule.path("parentId").asString()).isEqualTo(http.get("id").asString());
        assertChild(trace, schedule, "nova-conductor", "schedule_and_build_instances", "CONSUMER");
        JsonNode build = span(trace, "nova-conductor", "rpc.cast", "build_and_run_instance");
        assertThat(build.at("/tags/messaging.rabbitmq.destination.routing_key").asString()).contains(".e2e-compute-");
        assertChild(trace, build, "nova-compute", "build_and_run_instance", "CONSUMER");
        JsonNode allocate = span(trace, "nova-compute", "rpc.call", "allocate_for_instance");
        assertThat(allocate.path("kind").asString()).isEqualTo("CLIENT");
        JsonNode handled = assertChild(trace, allocate, "nova-network", "allocate_for_instance", "SERVER");
        JsonNode reply = span(trace, "nova-network", "rpc.reply", "allocate_for_instance");
        assertThat(reply.path("parentId").asString()).isEqualTo(handled.get("id").asString());
        List<JsonNode> updates = spans(trace, "nova-compute", "rpc.call", "Instance.save");
        assertThat(updates).as("the build's Instance.save calls").hasSizeGreaterThanOrEqualTo(4);
        for (JsonNode update : updates) {
            assertChild(trace, update, "nova-conductor", "Instance.save", "SERVER");
        }

        // The tags that tie a span to the messages in /actuator/rpc.
        assertThat(allocate.at("/tags/rpc.method").asString()).isEqualTo("allocate_for_instance");
        assertThat(allocate.at("/tags/rpc.kind").asString()).isEqualTo("call");
        assertThat(allocate.at("/tags/rpc.request_id").asString()).isEqualTo(requestId);
        assertThat(allocate.at("/tags/rpc.msg_id").asString()).hasSize(32);
        assertThat(handled.at("/tags/rpc.msg_id").asString()).isEqualTo(allocate.at("/tags/rpc.msg_id").asString());
        assertThat(allocate.at("/tags/rpc.topic").asString()).isEqualTo(handled.at("/tags/rpc.topic").asString());
        System.out.printf("boot %s: one trace %s of %d spans from %s%n", requestId, traceId, trace.size(), services);
    }

    /** The trace holding the spans tagged with the request id, once it satisfies {@code complete}. */
    private static List<JsonNode> awaitTrace(String requestId, Predicate<List<JsonNode>> complete) throws Exception {
        String query = "/api/v2/traces?limit=10&serviceName=nova-api&annotationQuery="
                + URLEncoder.encode("rpc.request_id=" + requestId, StandardCharsets.UTF_8);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<JsonNode> spans = List.of();
        while (System.nanoTime() < deadline) {
            JsonNode traces = zipkin.get(query);
            if (traces.size() == 1) {
                spans = traces.get(0).valueStream().toList();
                if (complete.test(spans)) {
                    return spans;
                }
            }
            Servers.sleep(500);
        }
        throw new AssertionError("no complete trace of " + requestId + " in Zipkin within 30 s; last seen: "
                + spans.stream().map(s -> service(s) + " " + s.path("name").asString()).toList());
    }

    /** The server span of {@code method} in {@code service} whose parent is {@code caller}. */
    private static JsonNode assertChild(List<JsonNode> trace, JsonNode caller, String service, String method,
                                        String kind) {
        JsonNode child = only(trace, s -> service.equals(service(s)) && isRpc(s, "rpc.handle", method)
                && caller.get("id").asString().equals(s.path("parentId").asString()));
        assertThat(child.path("kind").asString()).as(child.toString()).isEqualTo(kind);
        assertThat(child.at("/tags/rpc.request_id").asString()).isEqualTo(caller.at("/tags/rpc.request_id").asString());
        return child;
    }

    private static boolean has(List<JsonNode> trace, String service, String verb, String method) {
        return !spans(trace, service, verb, method).isEmpty();
    }

    private static JsonNode span(List<JsonNode> trace, String service, String verb, String method) {
        return only(trace, s -> service.equals(service(s)) && isRpc(s, verb, method));
    }

    private static List<JsonNode> spans(List<JsonNode> trace, String service, String verb, String method) {
        return trace.stream().filter(s -> service.equals(service(s)) && isRpc(s, verb, method)).toList();
    }

    /** Span names are {@code <verb> <topic>.<method>} (Zipkin lower-cases them: {@code instance.save}). */
    private static boolean isRpc(JsonNode span, String verb, String method) {
        String name = span.path("name").asString();
        return name.startsWith(verb + " ") && name.endsWith(("." + method).toLowerCase(Locale.ROOT))
                && method.equals(span.at("/tags/rpc.method").asString());
    }

    private static JsonNode only(List<JsonNode> trace, Predicate<JsonNode> which) {
        List<JsonNode> found = new ArrayList<>(trace.stream().filter(which).toList());
        assertThat(found).as("in " + trace.stream().map(s -> service(s) + " " + s.path("name").asString()
                + " " + s.path("id").asString() + "<-" + s.path("parentId").asString()).toList()).hasSize(1);
        return found.getFirst();
    }

    private static String service(JsonNode span) {
        return span.at("/localEndpoint/serviceName").asString();
    }
}
