package org.novasim.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real Zipkin server (the executable jar Zipkin publishes on Maven Central, {@code io.zipkin:zipkin-server:exec}),
 * run as a process of its own on a free port with in-memory storage, and a client of its query API.
 */
final class ZipkinServer implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    final int port;
    private final Process process;

    private ZipkinServer(int port, Process process) {
        this.port = port;
        this.process = process;
    }

    /** Starts the server from the jar failsafe names in {@code zipkin.server.jar}, and waits until it is healthy. */
    static ZipkinServer start(Path log) throws IOException {
        String jar = System.getProperty("zipkin.server.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("zipkin.server.jar is '" + jar + "': run through Maven (failsafe), which"
                    + " resolves io.zipkin:zipkin-server:exec and names its path");
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        Process process = new ProcessBuilder(List.of(java, "-Xmx384m", "-jar", jar, "--server.port=" + port))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        process.getOutputStream().close();
        ZipkinServer zipkin = new ZipkinServer(port, process);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Zipkin exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (zipkin.get("/health").path("status").asString("").equals("UP")) {
                    return zipkin;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Servers.sleep(250);
        }
        zipkin.close();
        throw new IllegalStateException("Zipkin did not become healthy within 90 s; see " + log);
    }

    /** Where the services send their spans ({@code management.tracing.export.zipkin.endpoint}). */
    String spansEndpoint() {
        return "http://127.0.0.1:" + port + "/api/v2/spans";
    }

    JsonNode get(String pathAndQuery) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                .timeout(Duration.ofSeconds(10)).GET().build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException("GET " + pathAndQuery + ": " + response.statusCode() + " " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
