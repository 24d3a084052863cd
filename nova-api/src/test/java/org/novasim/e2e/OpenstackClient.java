package org.novasim.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Debian's {@code openstack} command (python3-openstackclient 6.0) pointed at nova-api without Keystone, as the
 * README shows it: {@code --os-auth-type admin_token --os-token admin:admin --os-endpoint <api>/v2.1}.
 */
final class OpenstackClient {

    static final Path COMMAND = Path.of("/usr/bin/openstack");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String endpoint;
    private final String microversion;

    /** At 2.37, which lets "--network none|auto" through (the client refuses them below it). */
    OpenstackClient(String apiUrl) {
        this(apiUrl, "2.37");
    }

    /** At a compute API microversion as {@code --os-compute-api-version} takes it ({@code 2.latest} too). */
    OpenstackClient(String apiUrl, String microversion) {
        if (!Files.isExecutable(COMMAND)) {
            throw new IllegalStateException(COMMAND + " is missing: apt-get install python3-openstackclient");
        }
        this.endpoint = apiUrl + "/v2.1";
        this.microversion = microversion;
    }

    /** Runs {@code openstack <args>} and returns what it printed; a non-zero exit fails with its output. */
    String run(String... args) {
        List<String> command = new ArrayList<>(List.of(COMMAND.toString(), "--os-auth-type", "admin_token",
                "--os-token", "admin:admin", "--os-endpoint", endpoint, "--os-compute-api-version", microversion));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("openstack " + String.join(" ", args) + " did not finish in 120 s");
            }
            String printed = new String(output, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new AssertionError("openstack " + String.join(" ", args) + " exited with "
                        + process.exitValue() + ":\n" + printed);
            }
            return printed;
        } catch (IOException e) {
            throw new IllegalStateException("could not run " + COMMAND, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs a command with {@code -f json} and reads what it printed. */
    JsonNode json(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("-f", "json"));
        String printed = run(all.toArray(String[]::new));
        // The client may print warnings before the document.
        int start = printed.indexOf(printed.trim().startsWith("[") ? '[' : '{');
        return JSON.readTree(printed.substring(Math.max(start, 0)));
    }
}
