package org.novasim.messaging.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

import org.novasim.messaging.MessagingException;
import org.novasim.messaging.RequestContext;
import org.novasim.messaging.Target;
import org.novasim.messaging.rpc.RpcClientFactory;
import org.novasim.messaging.rpc.RpcServerFactory;
import org.novasim.testsupport.MessagingNode;
import org.novasim.testsupport.TestBroker;

/**
 * {@code nova.rpc.ssl.*}: the connection to the broker over TLS, checked against a certificate made in the test.
 * The TLS endpoint is a terminating proxy in front of the test broker (this machine's RabbitMQ has no TLS listener,
 * and reconfiguring a shared broker from a test is not an option): it speaks TLS with a self-signed certificate
 * for localhost and forwards the plain AMQP stream to the broker, so the client's TLS handshake, its trust of the
 * CA file and its host name check are all real.
 */
class BrokerTlsTest {

    @TempDir
    static Path dir;

    private static TlsProxy proxy;
    private static Path caFile;
    private static final String EXCHANGE = TestBroker.uniqueName("test_tls");

    @BeforeAll
    static void start() throws Exception {
        Path keystore = dir.resolve("broker.p12");
        caFile = dir.resolve("ca.pem");
        keytool("-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", "changeit", "-keypass", "changeit");
        keytool("-exportcert", "-rfc", "-alias", "broker", "-keystore", keystore.toString(), "-storepass", "changeit",
                "-file", caFile.toString());
        proxy = new TlsProxy(keystore, TestBroker.get().host(), TestBroker.get().port());
    }

    @AfterAll
    static void stop() throws IOException {
        if (proxy != null) {
            proxy.close();
        }
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin",
                "keytool").toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0).as("keytool: " + out).isTrue();
    }

    private static String transportUrl() {
        TestBroker broker = TestBroker.get();
        String vhost = "/".equals(broker.virtualHost()) ? "" : broker.virtualHost();
        return "rabbit://" + broker.username() + ":" + broker.password() + "@localhost:" + proxy.port() + "/" + vhost;
    }

    @Test
    void callsAndCastsGoOverTlsWhenTheBrokersCertificateIsTrusted() {
        int before = proxy.handshakes.get();
        try (ConfigurableApplicationContext node = MessagingNode.start(EXCHANGE, "tls-node", List.of(),
                "nova.rpc.transport-url=" + transportUrl(), "nova.rpc.ssl.enabled=true",
                "nova.rpc.ssl.ca-file=" + caFile)) {
            String topic = TestBroker.uniqueName("echo");
            node.getBean(RpcServerFactory.class).start(Target.topic(topic).withServer("tls-node"), List.of(new Echo()));
            String answer = node.getBean(RpcClientFactory.class).client(Target.topic(topic), Duration.ofSeconds(10))
                    .call(RequestContext.admin(), "echo", Map.of("text", "over tls"), String.class);
            assertThat(answer).isEqualTo("over tls");
        }
        assertThat(proxy.handshakes.get()).as("TLS handshakes completed").isGreaterThan(before);
    }

    @Test
    void aBrokerWhoseCertificateIsNotTrustedIsRefused() {
        try (ConfigurableApplicationContext node = MessagingNode.start(EXCHANGE, "untrusting-node", List.of(),
                "nova.rpc.transport-url=" + transportUrl(), "nova.rpc.ssl.enabled=true",
                "nova.rpc.publish-retry.max-retries=0")) {
            assertThatThrownBy(() -> node.getBean(RpcClientFactory.class)
                    .client(Target.topic(TestBroker.uniqueName("echo")), Duration.ofSeconds(5))
                    .cast(RequestContext.admin(), "echo", Map.of("text", "x")))
                    .isInstanceOf(MessagingException.class).hasStackTraceContaining("PKIX");
        }
    }

    /** An endpoint that answers with what it was given. */
    public static class Echo {
        public String echo(String text) {
            return text;
        }
    }

    /** Terminates TLS with the test's certificate and forwards the bytes to the broker. */
    static final class TlsProxy implements AutoCloseable {

        final AtomicInteger handshakes = new AtomicInteger();
        private final SSLServerSocket server;
        private final String brokerHost;
        private final int brokerPort;

        TlsProxy(Path keystore, String brokerHost, int brokerPort) throws Exception {
            this.brokerHost = brokerHost;
            this.brokerPort = brokerPort;
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keystore)) {
                keys.load(in, "changeit".toCharArray());
            }
            KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            managers.init(keys, "changeit".toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(managers.getKeyManagers(), null, null);
            server = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 50,
                    InetAddress.getLoopbackAddress());
            Thread.ofVirtual().name("tls-proxy").start(this::accept);
        }

        int port() {
            return server.getLocalPort();
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    javax.net.ssl.SSLSocket client = (javax.net.ssl.SSLSocket) server.accept();
                    Thread.ofVirtual().start(() -> forward(client));
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void forward(javax.net.ssl.SSLSocket client) {
            try (client; Socket broker = new Socket(brokerHost, brokerPort)) {
                client.startHandshake();
                handshakes.incrementAndGet();
                Thread back = Thread.ofVirtual().start(() -> pump(broker, client));
                pump(client, broker);
                back.join();
            } catch (IOException | InterruptedException e) {
                // the client went away, or refused our certificate
            }
        }

        private static void pump(Socket from, Socket to) {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException e) {
                // one side closed
            } finally {
                try {
                    to.shutdownOutput();
                } catch (IOException ignored) {
                    // already closed
                }
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
