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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One NovaSim service run from its built jar as a JVM of its own, as {@code ./novasim up} runs it: its output goes
 * to a log file, and it counts as started once its actuator health says UP.
 */
final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final String name;
    final int port;
    private final Path jar;
    private final Path log;
    private final Map<String, String> environment;
    private final List<String> arguments;
    private Process process;

    private ServiceProcess(String name, Path jar, Path log, int port, Map<String, String> environment,
                           List<String> arguments) {
        this.name = name;
        this.jar = jar;
        this.log = log;
        this.port = port;
        this.environment = environment;
        this.arguments = arguments;
    }

    /** The service's jar under {@code root}, on a free port, with {@code --key=value} arguments. */
    static ServiceProcess of(Path root, String module, String name, Path logs, Map<String, String> environment,
                             List<String> properties) {
        String version = System.getProperty("novasim.version", "0.1.0-SNAPSHOT");
        Path jar = root.resolve(module).resolve("target").resolve(module + "-" + version + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: the end-to-end tests run the services from their jars;"
                    + " build them first (./mvnw -DskipTests package, or ./mvnw verify from the root)");
        }
        int port = freePort();
        List<String> args = new ArrayList<>(properties);
        args.add("server.port=" + port);
        return new ServiceProcess(name, jar, logs.resolve(name + ".log"), port, environment,
                args.stream().map(p -> "--" + p).toList());
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    ServiceProcess start() {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar",
                jar.toString()));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name, e);
        }
        awaitHealthy(Duration.ofSeconds(120));
        return this;
    }

    private void awaitHealthy(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
            }
            if (healthy()) {
                return;
            }
            Servers.sleep(250);
        }
        throw new IllegalStateException(name + " not healthy after " + timeout + "; see " + log);
    }

    private boolean healthy() {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url() + "/actuator/health"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("\"UP\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** SIGTERM and a graceful shutdown, as {@code ./novasim down}; SIGKILL if it takes longer than 30 s. */
    void stop() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGKILL, as a crashed host: no shutdown, no goodbye to the broker. */
    void kill() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        stop();
    }
}
