package org.novasim.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.novasim.api.ApiClient;

import tools.jackson.databind.JsonNode;

/**
 * The merged flow on the whole stack: one boot, followed by its request id through nova-api's {@code /actuator/flow},
 * shows every service's part in order; its instance shows the same path; an envelope keeps the admin password out;
 * the live stream wants the admin token in its header and carries the boot's messages.
 */
class FlowIT {

    private static NovaStack stack;
    private static ApiClient admin;

    @BeforeAll
    static void start() throws Exception {
        stack = new NovaStack().start().awaitServicesUp();
        admin = stack.admin();
    }

    @AfterAll
    static void stop() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    private record Step(String service, String direction, String kind, String method) {
        boolean matches(JsonNode m) {
            return m.get("service").asString().equals(service) && m.get("direction").asString().equals(direction)
                    && m.get("kind").asString().equals(kind) && method.equals(m.get("method").asString());
        }

        @Override
        public String toString() {
            return service + " " + direction + " " + kind + " " + method;
        }
    }

    @Test
    void aBootIsFollowedThroughTheMergedFlowByRequestIdAndByInstance() throws Exception {
        HttpResponse<InputStream> stream = openStream("admin:admin", "");
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        CompletableFuture<List<String>> streamed = readEvents(stream, 400);

        ApiClient.Response created = Servers.boot(admin, "flow-1", "1", "auto", 1);
        String serverId = created.json().at("/server/id").asString();
        String adminPass = created.json().at("/server/adminPass").asString();
        String requestId = created.header("X-Openstack-Request-Id");
        JsonNode server = Servers.await(admin, serverId, Duration.ofSeconds(90), Servers::settled);
        assertThat(server.get("status").asString()).isEqualTo("ACTIVE");
        String host = server.get("OS-EXT-SRV-ATTR:host").asString();

        List<Step> path = List.of(
                new Step("nova-api", "SENT", "CAST", "schedule_and_build_instances"),
                new Step("nova-conductor", "RECEIVED", "CAST", "schedule_and_build_instances"),
                new Step("nova-conductor", "SENT", "CALL", "select_destinations"),
                new Step("nova-conductor", "RECEIVED", "CALL", "select_destinations"),
                new Step("nova-conductor", "SENT", "CAST", "build_and_run_instance"),
                new Step("nova-compute", "RECEIVED", "CAST", "build_and_run_instance"),
                new Step("nova-compute", "SENT", "CALL", "allocate_for_instance"),
                new Step("nova-network", "RECEIVED", "CALL", "allocate_for_instance"),
                new Step("nova-network", "SENT", "REPLY", "allocate_for_instance"),
                new Step("nova-compute", "RECEIVED", "REPLY", "allocate_for_instance"),
                // object_action, named by object and method: a Zed compute saves every state through the conductor.
                new Step("nova-compute", "SENT", "CALL", "Instance.save"),
                new Step("nova-conductor", "RECEIVED", "CALL", "Instance.save"),
                new Step("nova-compute", "SENT", "NOTIFICATION", "instance.create.end"));
        List<JsonNode> byRequest = awaitPath("/actuator/flow?requestId=" + requestId, path);

        JsonNode build = byRequest.stream().filter(path.get(4)::matches).findFirst().orElseThrow();
        // compute.<host> (the stack runs on topic names of its own: compute_<suffix>.<host>)
        assertThat(build.get("topic").asString()).startsWith("compute");
        assertThat(build.get("routingKey").asString()).isEqualTo(build.get("topic").asString() + "." + host);
        assertThat(byRequest.stream().filter(path.get(5)::matches).findFirst().orElseThrow().get("host").asString())
                .as("the simulated host that handled the build").isEqualTo(host);
        JsonNode reply = byRequest.stream().filter(path.get(9)::matches).findFirst().orElseThrow();
        assertThat(reply.get("outcome").asString()).isEqualTo("REPLIED");
        assertThat(reply.get("durationMs").asDouble()).isPositive();
        assertThat(byRequest.stream().filter(m -> m.get("method").asString().equals("Instance.save")).count())
                .as("the build's state changes").isGreaterThanOrEqualTo(4);
        assertThat(byRequest).allSatisfy(m -> assertThat(m.get("requestId").asString()).isEqualTo(requestId));
        List<String> times = byRequest.stream().map(m -> m.get("time").asString()).toList();
        assertThat(times).isSorted();

        // The same path by the server's uuid.
        List<JsonNode> byInstance = awaitPath("/actuator/flow?instance=" + serverId, path);
        assertThat(ids(byInstance)).containsAll(ids(byRequest.stream()
                .filter(m -> serverId.equals(m.get("instance").asString(null))).toList()));
        assertThat(byInstance).allSatisfy(m -> assertThat(m.get("instance").asString()).isEqualTo(serverId));
        for (Step step : path) {
            assertThat(byRequest.stream().filter(step::matches).findFirst().orElseThrow().get("instance").asString())
                    .as("%s names the server", step).isEqualTo(serverId);
        }
        for (Step step : path) {
            assertThat(byInstance).as(step.toString()).anyMatch(step::matches);
        }

        // One message, with its envelope, secrets left out.
        JsonNode schedule = byRequest.stream().filter(path.get(0)::matches).findFirst().orElseThrow();
        ApiClient.Response one = admin.get("/actuator/flow/" + schedule.get("id").asString());
        assertThat(one.status()).isEqualTo(200);
        JsonNode message = one.json().at("/envelope/oslo.message");
        assertThat(message.get("method").asString()).isEqualTo("schedule_and_build_instances");
        assertThat(message.at("/args/build_requests/0/nova_object.data/instance_uuid").asString()).isEqualTo(serverId);
        assertThat(message.at("/args/admin_password").asString()).isEqualTo("***");
        assertThat(one.raw().body()).doesNotContain(adminPass);
        assertThat(admin.get("/actuator/flow/nova-api:999999999").status()).isEqualTo(404);

        // The live stream carried the boot's messages as they happened.
        List<String> events = streamed.get(30, TimeUnit.SECONDS);
        assertThat(events).anyMatch(e -> e.startsWith("event:counters"));
        assertThat(events).anyMatch(e -> e.startsWith("event:message") && e.contains("\"requestId\":\"" + requestId + "\"")
                && e.contains("schedule_and_build_instances"));
        assertThat(String.join("\n", events)).doesNotContain(adminPass);

        assertThat(admin.delete("/v2.1/servers/" + serverId).status()).isEqualTo(204);
        Servers.awaitTrue("server " + serverId + " is deleted", Duration.ofSeconds(90),
                () -> admin.get("/v2.1/servers/" + serverId).status() == 404);
    }

    @Test
    void theFlowWantsTheAdminToken() throws Exception {
        ApiClient anonymous = new ApiClient(stack.api.url(), null);
        assertThat(anonymous.get("/actuator/flow").status()).isEqualTo(401);
        assertThat(admin.as("alice:project").get("/actuator/flow").status()).isEqualTo(403);
        HttpResponse<InputStream> none = openStream(null, "");
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(new String(none.body().readAllBytes(), StandardCharsets.UTF_8)).contains("\"unauthorized\"");
        HttpResponse<InputStream> member = openStream("alice:project", "?requestId=req-x");
        assertThat(member.statusCode()).isEqualTo(403);
        member.body().close();
    }

    private static List<String> ids(List<JsonNode> messages) {
        return messages.stream().map(m -> m.get("id").asString()).toList();
    }

    /** Polls the flow until the path's steps appear in it in order (records arrive in batches, a moment late). */
    private static List<JsonNode> awaitPath(String query, List<Step> path) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        List<JsonNode> messages = List.of();
        while (System.nanoTime() < deadline) {
            ApiClient.Response response = admin.get(query);
            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            messages = response.json().get("messages").valueStream().toList();
            if (inOrder(messages, path) == path.size()) {
                return messages;
            }
            Servers.sleep(300);
        }
        int found = inOrder(messages, path);
        throw new AssertionError(query + ": step " + path.get(found) + " not found in order after "
                + path.subList(0, found) + " in " + messages.stream().map(m -> m.get("service").asString() + " "
                + m.get("direction").asString() + " " + m.get("kind").asString() + " " + m.get("method").asString())
                .toList());
    }

    private static int inOrder(List<JsonNode> messages, List<Step> path) {
        int step = 0;
        for (JsonNode m : messages) {
            if (step < path.size() && path.get(step).matches(m)) {
                step++;
            }
        }
        return step;
    }

    private static HttpResponse<InputStream> openStream(String token, String query) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.api.url() + "/flow/stream" + query))
                .header("Accept", "text/event-stream");
        if (token != null) {
            request.header("X-Auth-Token", token);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    /** Reads events (joined lines) until {@code max} of them or the boot's messages have passed, on another thread. */
    private static CompletableFuture<List<String>> readEvents(HttpResponse<InputStream> response, int max) {
        return CompletableFuture.supplyAsync(() -> {
            List<String> events = new ArrayList<>();
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                StringBuilder event = new StringBuilder();
                String line;
                boolean sawEnd = false;
                while (events.size() < max && (line = reader.readLine()) != null) {
                    if (line.isEmpty()) {
                        String e = event.toString();
                        events.add(e);
                        sawEnd |= e.contains("instance.create.end");
                        event.setLength(0);
                        if (sawEnd && e.startsWith("event:counters")) {
                            break;
                        }
                    } else {
                        event.append(line.replaceFirst("^(event|data|id):\\s?", "$1:")).append('\n');
                    }
                }
            } catch (Exception e) {
                events.add("error: " + e);
            }
            return events;
        });
    }
}
