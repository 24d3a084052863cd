package org.novasim.e2e;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Debian's python3-novaclient (18.1): through its Python API by {@code e2e/novaclient_walk.py}, with Debian's
 * {@code /usr/bin/python3} and keystoneauth's token-and-endpoint plugin (no Keystone), and as the {@code nova}
 * command with the {@code admin_token} plugin.
 */
final class Novaclient {

    static final Path PYTHON = Path.of("/usr/bin/python3");
    static final Path NOVA = Path.of("/usr/bin/nova");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Novaclient() {
    }

    /**
     * Runs {@code nova --os-compute-api-version <microversion> <args>} as admin and returns what it printed; a
     * non-zero exit fails with its output. The shell insists on a project id and an auth URL, which this plugin
     * leaves unused.
     */
    static String nova(String endpoint, String microversion, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of(NOVA.toString(), "--os-auth-type", "admin_token",
                "--os-token", "admin:admin", "--os-endpoint", endpoint, "--os-compute-api-version", microversion));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("OS_PROJECT_ID", "admin");
        builder.environment().put("OS_AUTH_URL", "http://unused.invalid");
        return run(builder, "nova " + String.join(" ", args));
    }

    private static String run(ProcessBuilder builder, String what) {
        try {
            Process process = builder.start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(300, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(what + " did not finish in 300 s");
            }
            String printed = new String(output, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new AssertionError(what + " exited with " + process.exitValue() + ":\n" + printed);
            }
            return printed;
        } catch (IOException e) {
            throw new IllegalStateException("could not run " + what + " (apt-get install python3-novaclient)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Boots, lists, shows, stops, starts and deletes a server at {@code microversion}; what novaclient read back. */
    static JsonNode walk(String endpoint, String microversion, String imageId) {
        Path script;
        try {
            script = Path.of(Novaclient.class.getResource("/e2e/novaclient_walk.py").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        List<String> command = List.of(PYTHON.toString(), script.toString(), endpoint, microversion, imageId);
        String printed = run(new ProcessBuilder(command).redirectErrorStream(true), "novaclient_walk.py");
        // The document is the last line; warnings may come before it.
        String document = printed.lines().filter(line -> line.startsWith("{")).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("novaclient_walk.py printed no document:\n" + printed));
        return JSON.readTree(document);
    }
}
