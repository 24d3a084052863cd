package org.novasim.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real oslo.messaging process ({@code src/test/python/oslo_peer.py}) run by Debian's {@code /usr/bin/python3}, the
 * interpreter that has python3-oslo.messaging. Its standard output is read line by line; closing its standard input
 * stops it.
 */
public final class PythonPeer implements AutoCloseable {

    public static final String PYTHON = "/usr/bin/python3";

    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuilder stderr = new StringBuilder();

    private PythonPeer(Process process) {
        this.process = process;
        Thread.ofVirtual().start(() -> pump(new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8)), lines));
        Thread.ofVirtual().start(() -> {
            try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = err.readLine()) != null) {
                    synchronized (stderr) {
                        stderr.append(line).append('\n');
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
    }

    /** Starts {@code oslo_peer.py <mode> --url <broker> --exchange <exchange> <more args>}. */
    public static PythonPeer start(String mode, String exchange, String... more) throws IOException {
        return start(Path.of("src/test/python"), mode, exchange, more);
    }

    /**
     * As {@link #start(String, String, String...)}, from another module.
     *
     * @param pythonDir common-rpc's {@code src/test/python}, as seen from the module the test runs in
     */
    public static PythonPeer start(Path pythonDir, String mode, String exchange, String... more) throws IOException {
        requireOsloMessaging();
        Path script = pythonDir.resolve("oslo_peer.py").toAbsolutePath();
        List<String> command = new ArrayList<>(List.of(PYTHON, script.toString(), mode,
                "--url", TestBroker.get().transportUrl() + "?amqp_auto_delete=true&rabbit_transient_queues_ttl=60",
                "--exchange", exchange));
        command.addAll(List.of(more));
        return new PythonPeer(new ProcessBuilder(command).start());
    }

    /**
     * Starts {@code nova_peer.py <args>} (common-rpc's {@code src/test/python}), real Nova code from Debian's
     * python3-nova.
     *
     * @param pythonDir common-rpc's {@code src/test/python}, as seen from the module the test runs in
     */
    public static PythonPeer startNova(Path pythonDir, List<String> args) throws IOException {
        require("nova.compute.rpcapi", "python3-nova");
        List<String> command = new ArrayList<>(List.of(PYTHON, pythonDir.resolve("nova_peer.py").toAbsolutePath()
                .toString()));
        command.addAll(args);
        return new PythonPeer(new ProcessBuilder(command).start());
    }

    /** Its process id, which oslo puts in its connections' names ({@code <argv0>:<pid>:<uuid>}). */
    public long pid() {
        return process.pid();
    }

    /** Writes one line to the peer's standard input. */
    public void send(String line) throws IOException {
        process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().flush();
    }

    private static void requireOsloMessaging() throws IOException {
        require("oslo_messaging", "python3-oslo.messaging");
    }

    private static void require(String module, String debianPackage) throws IOException {
        if (!Files.isExecutable(Path.of(PYTHON))) {
            throw new IllegalStateException(PYTHON + " is missing: the wire-compatibility tests need Debian's Python"
                    + " with " + debianPackage + " (apt-get install " + debianPackage + ")");
        }
        try {
            Process check = new ProcessBuilder(PYTHON, "-c", "import " + module).redirectErrorStream(true).start();
            String out = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!check.waitFor(60, TimeUnit.SECONDS) || check.exitValue() != 0) {
                throw new IllegalStateException(PYTHON + " cannot import " + module + ": apt-get install "
                        + debianPackage + " (" + out.strip() + ")");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** Waits for the peer to print READY. */
    public PythonPeer awaitReady(Duration timeout) throws InterruptedException {
        String line = nextLine(timeout);
        if (!"READY".equals(line)) {
            throw new IllegalStateException("the Python peer did not start; it printed " + line + "\n" + stderr());
        }
        return this;
    }

    /** The next line the peer prints, or a failure with its error output if none comes in time. */
    public String nextLine(Duration timeout) throws InterruptedException {
        String line = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (line == null) {
            throw new IllegalStateException("the Python peer printed nothing within " + timeout + "; its stderr:\n" + stderr());
        }
        return line;
    }

    public String stderr() {
        synchronized (stderr) {
            return stderr.toString();
        }
    }

    @Override
    public void close() throws Exception {
        process.getOutputStream().close();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    private static void pump(BufferedReader reader, BlockingQueue<String> into) {
        try (reader) {
            String line;
            while ((line = reader.readLine()) != null) {
                into.add(line);
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }
}
