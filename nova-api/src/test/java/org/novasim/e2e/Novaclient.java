package org.novasim.e2e;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Debian's python3-novaclient (18.1) driven through its Python API by {@code e2e/novaclient_walk.py}, with Debian's
 * {@code /usr/bin/python3} and keystoneauth's token-and-endpoint plugin (no Keystone).
 */
final class Novaclient {

    static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Novaclient() {
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
        try {
            Path errorsFile = Files.createTempFile("novaclient-walk", ".err");
            Process process = new ProcessBuilder(command).redirectError(errorsFile.toFile()).start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(300, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("novaclient_walk.py did not finish in 300 s");
            }
            String printed = new String(output, StandardCharsets.UTF_8);
            String errors = Files.readString(errorsFile);
            Files.delete(errorsFile);
            if (process.exitValue() != 0) {
                throw new AssertionError("novaclient_walk.py exited with " + process.exitValue() + ":\n" + printed
                        + errors);
            }
            return JSON.readTree(printed.substring(printed.indexOf('{')));
        } catch (IOException e) {
            throw new IllegalStateException("could not run " + PYTHON + " (apt-get install python3-novaclient)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
