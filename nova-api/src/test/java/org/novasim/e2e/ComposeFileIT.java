package org.novasim.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What can be checked of the compose stack without a Docker engine: the compose file is valid (default and {@code ha}
 * profile) for a compose tool from Debian's packages; every environment variable it gives a service is a property
 * that service reads (from the configuration metadata and placeholders inside its built jar); and the Dockerfile
 * builds and copies the same jars that {@code ./novasim} and the end-to-end tests run.
 */
class ComposeFileIT {

    private static final List<String> SERVICES = List.of("nova-api", "nova-conductor", "nova-compute", "nova-network");
    private static final Path ROOT = Path.of(System.getProperty("novasim.root", "..")).toAbsolutePath().normalize();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z0-9_]+)");

    @Test
    void theComposeFileIsValidWithAndWithoutItsProfiles() {
        assertThat(compose("config", "--services")).contains("rabbitmq", "postgres", "nova-api", "nova-conductor",
                "nova-compute", "nova-network");
        compose("config", "-q");
        compose("--profile", "ha", "config", "-q");
        compose("--profile", "tracing", "config", "-q");
        assertThat(compose("--profile", "tracing", "config", "--services")).contains("zipkin");
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyVariableComposeGivesAServiceIsAPropertyThatServiceReads() throws IOException {
        Map<String, Object> resolved = new Yaml().load(compose("config"));
        Map<String, Object> services = (Map<String, Object>) resolved.get("services");
        for (String service : SERVICES) {
            Map<String, Object> definition = (Map<String, Object>) services.get(service);
            assertThat(definition).as(service + " in docker-compose.yml").isNotNull();
            Map<String, Object> environment = (Map<String, Object>) definition.getOrDefault("environment", Map.of());
            assertThat(environment).as(service + "'s environment").isNotEmpty();
            ReadProperties reads = ReadProperties.of(jar(service));
            for (String variable : environment.keySet()) {
                assertThat(reads.accepts(variable)).as(service + " reads " + variable).isTrue();
            }
        }
    }

    @Test
    void theCheckRefusesAVariableNoServiceReads() throws IOException {
        ReadProperties compute = ReadProperties.of(jar("nova-compute"));
        assertThat(compute.accepts("NOVA_COMPUTE_HOSTCOUNT")).isTrue();
        assertThat(compute.accepts("NOVA_NETWORK_NETWORKS_0_CIDR")).as("another service's property").isFalse();
        assertThat(compute.accepts("NOVA_COMPUTE_HOST_COUNT")).as("not the relaxed name of host-count").isFalse();
        assertThat(ReadProperties.of(jar("nova-network")).accepts("NOVA_NETWORK_NETWORKS_0_CIDR")).isTrue();
    }

    @Test
    void theDockerfileBuildsTheJarsThatNovasimAndTheEndToEndTestsRun() throws IOException {
        String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
        String novasim = Files.readString(ROOT.resolve("novasim"));
        assertThat(dockerfile).contains("./mvnw -B -DskipTests package");
        assertThat(novasim).contains("./mvnw -q -B -DskipTests package");
        assertThat(dockerfile).contains("for s in " + String.join(" ", SERVICES) + "; do cp \"$s\"/target/\"$s\"-*.jar");
        for (String service : SERVICES) {
            // The Dockerfile's glob must find exactly the jar the tests start.
            try (var jars = Files.list(ROOT.resolve(service).resolve("target"))) {
                assertThat(jars.map(p -> p.getFileName().toString())
                        .filter(n -> n.startsWith(service + "-") && n.endsWith(".jar")).toList())
                        .containsExactly(jar(service).getFileName().toString());
            }
        }
        String javaVersion = Files.readString(ROOT.resolve("pom.xml"))
                .replaceAll("(?s).*<java.version>(\\d+)</java.version>.*", "$1");
        assertThat(dockerfile).contains("FROM eclipse-temurin:" + javaVersion + "-jdk AS build",
                "FROM eclipse-temurin:" + javaVersion + "-jre");
    }

    private static Path jar(String service) {
        String version = System.getProperty("novasim.version", "0.1.0-SNAPSHOT");
        Path jar = ROOT.resolve(service).resolve("target").resolve(service + "-" + version + ".jar");
        assertThat(jar).as("built jar").isRegularFile();
        return jar;
    }

    /** docker-compose (Debian's package) or the docker compose plugin, run in the repository's root. */
    private static String compose(String... args) {
        List<List<String>> tools = List.of(List.of("docker-compose"), List.of("docker", "compose"));
        for (List<String> tool : tools) {
            List<String> command = new ArrayList<>(tool);
            command.addAll(List.of(args));
            Process process;
            try {
                process = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true).start();
            } catch (IOException notInstalled) {
                continue;
            }
            try {
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError(String.join(" ", command) + " did not finish");
                }
                if (process.exitValue() != 0 && tool.size() == 2 && output.contains("unknown command")) {
                    continue;
                }
                assertThat(process.exitValue()).as(String.join(" ", command) + ":\n" + output).isZero();
                return output;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("No compose tool: apt-get install docker-compose (or the docker compose plugin)");
    }

    /**
     * The properties a service's jar reads: those in the configuration metadata of its classes and libraries, and the
     * environment placeholders of its application.yml. A variable is read if it is one of those placeholders or the
     * relaxed (environment) name of a property, or of an element of a list or map property.
     */
    record ReadProperties(Set<String> environmentNames, Set<String> placeholders) {

        static ReadProperties of(Path jar) throws IOException {
            Set<String> names = new HashSet<>();
            Set<String> placeholders = new HashSet<>();
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                for (ZipEntry entry : zip.stream().toList()) {
                    String name = entry.getName();
                    // The repackaged jar keeps its own classes' metadata at the top.
                    if (name.equals("META-INF/spring-configuration-metadata.json")
                            || name.equals("BOOT-INF/classes/META-INF/spring-configuration-metadata.json")) {
                        addMetadata(zip.getInputStream(entry), names);
                    } else if (name.equals("BOOT-INF/classes/application.yml")) {
                        Matcher m = PLACEHOLDER.matcher(new String(zip.getInputStream(entry).readAllBytes(),
                                StandardCharsets.UTF_8));
                        while (m.find()) {
                            placeholders.add(m.group(1));
                        }
                    } else if (name.startsWith("BOOT-INF/lib/") && name.endsWith(".jar")) {
                        readLibrary(zip.getInputStream(entry), names);
                    }
                }
            }
            return new ReadProperties(names, placeholders);
        }

        private static void readLibrary(InputStream library, Set<String> names) throws IOException {
            try (ZipInputStream nested = new ZipInputStream(library)) {
                ZipEntry entry;
                while ((entry = nested.getNextEntry()) != null) {
                    if (entry.getName().equals("META-INF/spring-configuration-metadata.json")) {
                        addMetadata(new ByteArrayInputStream(nested.readAllBytes()), names);
                    }
                }
            }
        }

        private static void addMetadata(InputStream metadata, Set<String> names) throws IOException {
            JsonNode properties = JSON.readTree(metadata.readAllBytes()).path("properties");
            properties.valueStream().forEach(p -> names.add(environmentName(p.get("name").asString())));
        }

        /** Spring Boot's rule: dots to underscores, dashes removed, upper case. */
        static String environmentName(String property) {
            return property.replace(".", "_").replace("-", "").toUpperCase();
        }

        boolean accepts(String variable) {
            if (placeholders.contains(variable) || environmentNames.contains(variable)) {
                return true;
            }
            // NOVA_NETWORK_NETWORKS_0_CIDR: an element of the list property nova.network.networks.
            return environmentNames.stream().anyMatch(n -> variable.matches(Pattern.quote(n) + "_[0-9]+(_[A-Z0-9]+)*"));
        }
    }
}
