package org.novasim.testsupport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.rabbitmq.RabbitMQContainer;

import org.novasim.messaging.wire.MessageIds;

/**
 * The RabbitMQ the tests run against, found once per JVM:
 * <ol>
 * <li>{@code NOVASIM_TEST_BROKER=amqp://user:pass@host:port/vhost} if set;</li>
 * <li>else a RabbitMQ container from Testcontainers when a Docker engine is there;</li>
 * <li>else the broker at 127.0.0.1:5672 (guest/guest);</li>
 * <li>else the tests fail, saying how to get one.</li>
 * </ol>
 * Tests isolate themselves with names from {@link #uniqueName}, so they may share the broker. Tests that run
 * {@code rabbitmqctl} on a broker given by {@code NOVASIM_TEST_BROKER} use the machine's unless
 * {@code NOVASIM_TEST_RABBITMQCTL} gives the command for that broker (bench/rabbitmq4-broker.sh sets both).
 */
public final class TestBroker {

    public static final String ENV = "NOVASIM_TEST_BROKER";
    /** The command (with its arguments, space-separated) that runs {@code rabbitmqctl} for the broker. */
    public static final String RABBITMQCTL_ENV = "NOVASIM_TEST_RABBITMQCTL";
    private static final String LOCAL = "amqp://guest:guest@127.0.0.1:5672/";
    private static final String IMAGE = "rabbitmq:3.13-management";

    private static TestBroker instance;

    private final String host;
    private final int port;
    private final String username;
    private final String password;
    private final String virtualHost;
    private final RabbitMQContainer container;

    private TestBroker(URI uri, RabbitMQContainer container) {
        this.host = uri.getHost();
        this.port = uri.getPort() < 0 ? 5672 : uri.getPort();
        String[] userInfo = uri.getRawUserInfo() == null ? new String[] {"guest", "guest"} : uri.getRawUserInfo().split(":", 2);
        this.username = decode(userInfo[0]);
        this.password = userInfo.length > 1 ? decode(userInfo[1]) : "";
        String path = uri.getRawPath() == null || uri.getRawPath().length() <= 1 ? "/" : decode(uri.getRawPath().substring(1));
        this.virtualHost = path;
        this.container = container;
    }

    public static synchronized TestBroker get() {
        if (instance == null) {
            instance = find();
        }
        return instance;
    }

    private static TestBroker find() {
        String configured = System.getenv(ENV);
        if (configured != null && !configured.isBlank()) {
            TestBroker broker = new TestBroker(URI.create(configured), null);
            broker.requireReachable("from " + ENV);
            return broker;
        }
        if (dockerAvailable()) {
            RabbitMQContainer container = new RabbitMQContainer(IMAGE);
            container.start();
            return new TestBroker(URI.create(container.getAmqpUrl().replace("amqp://", "amqp://"
                    + container.getAdminUsername() + ":" + container.getAdminPassword() + "@")), container);
        }
        TestBroker local = new TestBroker(URI.create(LOCAL), null);
        local.requireReachable("no Docker engine for Testcontainers, so tried the local broker");
        return local;
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable e) {
            return false;
        }
    }

    private void requireReachable(String how) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 2000);
        } catch (IOException e) {
            throw new IllegalStateException("No RabbitMQ for the tests (" + how + "): nothing answers on " + host + ":"
                    + port + ". Start one (`rabbitmq-server -detached`), run Docker for Testcontainers, or set " + ENV
                    + "=amqp://user:pass@host:port/vhost.");
        }
    }

    /** A name no other test uses, for exchanges, topics and queues: {@code <prefix>_<hex>}. */
    public static String uniqueName(String prefix) {
        return prefix + "_" + MessageIds.newHex().substring(0, 12);
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String username() {
        return username;
    }

    public String password() {
        return password;
    }

    public String virtualHost() {
        return virtualHost;
    }

    /** oslo.messaging's form of the address, for Python peers and {@code nova.rpc.transport-url}. */
    public String transportUrl() {
        String vhost = "/".equals(virtualHost) ? "" : virtualHost;
        return "rabbit://" + username + ":" + password + "@" + host + ":" + port + "/" + vhost;
    }

    /** A plain amqp-client connection factory on this broker, as {@code username} in {@code virtualHost}. */
    public com.rabbitmq.client.ConnectionFactory connectionFactory(String username, String password,
                                                                   String virtualHost) {
        com.rabbitmq.client.ConnectionFactory factory = new com.rabbitmq.client.ConnectionFactory();
        factory.setHost(host);
        factory.setPort(port);
        factory.setUsername(username);
        factory.setPassword(password);
        factory.setVirtualHost(virtualHost);
        return factory;
    }

    /** A Spring AMQP caching connection factory on this broker, with the test's account and virtual host. */
    public CachingConnectionFactory cachingConnectionFactory() {
        CachingConnectionFactory factory = new CachingConnectionFactory(host, port);
        factory.setUsername(username);
        factory.setPassword(password);
        factory.setVirtualHost(virtualHost);
        return factory;
    }

    /** Spring Boot properties that point a service at this broker. */
    public List<String> springProperties() {
        List<String> p = new ArrayList<>();
        p.add("spring.rabbitmq.host=" + host);
        p.add("spring.rabbitmq.port=" + port);
        p.add("spring.rabbitmq.username=" + username);
        p.add("spring.rabbitmq.password=" + password);
        p.add("spring.rabbitmq.virtual-host=" + virtualHost);
        return p;
    }

    /** Stops the broker application and starts it again after {@code pauseMillis}, as an operator's restart. */
    public void restart(long pauseMillis) throws IOException, InterruptedException {
        rabbitmqctl("stop_app");
        Thread.sleep(pauseMillis);
        rabbitmqctl("start_app");
        rabbitmqctl("await_startup");
    }

    /** Runs {@code rabbitmqctl} on the broker (in its container, or here, which needs root), failing if it fails. */
    public String rabbitmqctl(String... args) throws IOException, InterruptedException {
        String rabbitmqctl = System.getenv(RABBITMQCTL_ENV);
        List<String> command = new ArrayList<>(rabbitmqctl == null || rabbitmqctl.isBlank() ? List.of("rabbitmqctl")
                : List.of(rabbitmqctl.trim().split("\\s+")));
        command.addAll(List.of(args));
        if (container != null) {
            var result = container.execInContainer(command.toArray(String[]::new));
            if (result.getExitCode() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + result.getStderr());
            }
            return result.getStdout();
        }
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed (it needs root on the broker's machine): " + out);
        }
        return out;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
