package org.novasim.api.flow;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import tools.jackson.databind.json.JsonMapper;

/**
 * A stand-in for nova-api's flow endpoints as the contract of issue 9 gives them ({@code GET /actuator/flow},
 * {@code /actuator/flow/{id}}, the {@code /flow/stream} of server-sent events, the admin token in
 * {@code X-Auth-Token}), serving the page's own static files from the classpath: the page under test is the real
 * one, the data is the test's. The end-to-end test runs the same page against the real stack.
 */
public final class FlowStandIn implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;
    private final List<Map<String, Object>> messages = new CopyOnWriteArrayList<>();
    private final Map<String, Map<String, Object>> envelopes = new ConcurrentHashMap<>();
    private final List<LinkedBlockingQueue<String>> streams = new CopyOnWriteArrayList<>();
    private final Map<String, long[]> counters = new ConcurrentHashMap<>();

    public FlowStandIn() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** What {@code /actuator/flow/{id}} shows as the record's envelope from now on ({@code {}}: none known yet). */
    public void envelope(String id, Map<String, Object> envelope) {
        envelopes.put(id, envelope);
    }

    public Map<String, Object> envelopeOf(String id) {
        return envelopes.get(id);
    }

    /** A record seen by the stack: kept for the history and sent to every open stream. */
    public void publish(Map<String, Object> message, Map<String, Object> envelope) {
        messages.add(message);
        if (envelope != null) {
            envelopes.put((String) message.get("id"), envelope);
        }
        long[] c = counters.computeIfAbsent(message.get("topic") + "\u0000" + message.get("method"), k -> new long[5]);
        synchronized (c) {
            c["SENT".equals(message.get("direction")) ? 0 : 1]++;
            switch ((String) message.get("outcome")) {
                case "REPLIED" -> c[2]++;
                case "FAILED" -> c[3]++;
                case "TIMED_OUT" -> c[4]++;
                default -> { }
            }
        }
        String event = "event: message\ndata: " + JSON.writeValueAsString(message) + "\n\n";
        streams.forEach(s -> s.offer(event));
    }

    public int openStreams() {
        return streams.size();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/flow") || path.equals("/flow/")) {
                resource(exchange, "index.html");
            } else if (path.startsWith("/flow/") && !path.equals("/flow/stream")) {
                resource(exchange, path.substring("/flow/".length()));
            } else if (!admin(exchange)) {
                send(exchange, 401, "application/json", "{\"unauthorized\": {\"code\": 401, \"message\": \"The request "
                        + "you have made requires authentication.\"}}");
            } else if (path.equals("/flow/stream")) {
                stream(exchange);
            } else if (path.equals("/actuator/flow")) {
                history(exchange);
            } else if (path.startsWith("/actuator/flow/")) {
                one(exchange, URLDecoder.decode(path.substring("/actuator/flow/".length()), StandardCharsets.UTF_8));
            } else {
                send(exchange, 404, "text/plain", "not found");
            }
        }
    }

    private static boolean admin(HttpExchange exchange) {
        String token = exchange.getRequestHeaders().getFirst("X-Auth-Token");
        return token != null && token.startsWith("admin:");
    }

    private static void resource(HttpExchange exchange, String name) throws IOException {
        try (InputStream in = FlowStandIn.class.getResourceAsStream("/static/flow/" + name)) {
            if (in == null || name.contains("..")) {
                send(exchange, 404, "text/plain", "not found");
                return;
            }
            String type = name.endsWith(".html") ? "text/html" : name.endsWith(".css") ? "text/css"
                    : "text/javascript";
            send(exchange, 200, type + ";charset=utf-8", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private void history(HttpExchange exchange) throws IOException {
        Map<String, String> query = query(exchange);
        Predicate<Map<String, Object>> filter = m -> (!query.containsKey("requestId")
                || query.get("requestId").equals(m.get("requestId")))
                && (!query.containsKey("instance") || query.get("instance").equals(m.get("instance")));
        List<Map<String, Object>> selected = messages.stream().filter(filter).toList();
        int limit = Integer.parseInt(query.getOrDefault("limit", "1000"));
        selected = selected.subList(Math.max(0, selected.size() - limit), selected.size());
        send(exchange, 200, "application/json", JSON.writeValueAsString(Map.of("messages", selected,
                "counters", counterList(), "dropped", 0)));
    }

    private void one(HttpExchange exchange, String id) throws IOException {
        for (Map<String, Object> m : messages) {
            if (id.equals(m.get("id"))) {
                Map<String, Object> answer = new LinkedHashMap<>(m);
                answer.put("envelope", envelopes.get(id));
                send(exchange, 200, "application/json", JSON.writeValueAsString(answer));
                return;
            }
        }
        send(exchange, 404, "application/json", "{\"itemNotFound\": {\"code\": 404, \"message\": \"no such message\"}}");
    }

    private void stream(HttpExchange exchange) throws IOException {
        LinkedBlockingQueue<String> queue = new LinkedBlockingQueue<>();
        streams.add(queue);
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        long nextCounters = 0;
        try {
            while (true) {
                if (System.nanoTime() >= nextCounters) {
                    out.write(("event: counters\ndata: " + JSON.writeValueAsString(Map.of("counters", counterList(),
                            "dropped", 0)) + "\n\n").getBytes(StandardCharsets.UTF_8));
                    nextCounters = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
                }
                String event = queue.poll(100, TimeUnit.MILLISECONDS);
                StringBuilder batch = new StringBuilder();
                while (event != null) {
                    batch.append(event);
                    event = batch.length() < 64_000 ? queue.poll() : null;
                }
                out.write((batch.isEmpty() ? ": keep-alive\n\n" : batch.toString()).getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // the page went away
        } finally {
            streams.remove(queue);
        }
    }

    private List<Map<String, Object>> counterList() {
        List<Map<String, Object>> list = new ArrayList<>();
        counters.forEach((key, c) -> {
            String[] tm = key.split("\u0000", 2);
            synchronized (c) {
                list.add(Map.of("topic", tm[0], "method", tm[1], "sent", c[0], "received", c[1], "replied", c[2],
                        "failed", c[3], "timedOut", c[4]));
            }
        });
        return list;
    }

    private static Map<String, String> query(HttpExchange exchange) {
        Map<String, String> query = new LinkedHashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    query.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return query;
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
