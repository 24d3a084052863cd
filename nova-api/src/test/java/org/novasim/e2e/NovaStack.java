package org.novasim.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;

import org.novasim.api.ApiClient;
import org.novasim.testsupport.TestBroker;

/**
 * The four services as separate JVMs from their jars, against the test broker (on exchange and topic names of their
 * own, or Nova's on a virtual host of the test's), sharing an embedded Nova database in a temporary state directory,
 * as {@code ./novasim up} runs them. Timings are shortened so that down services and timeouts show within seconds.
 */
final class NovaStack implements AutoCloseable {

    static final String NETWORK_CIDR = "10.20.0.0/27";
    /** A /27 less its network, gateway and broadcast addresses. */
    static final int POOL_SIZE = 29;
    static final int COMPUTE_HOSTS = 3;
    static final int HOST_MEMORY_MB = 8192;

    private final Path root;
    private final Path state;
    private final Path logs;
    private final Function<String, String> transportUrls;
    private final Map<String, String> overrides;
    private final String notifications;
    /** The topic the computes serve: this stack's own, or Nova's. */
    final String computeTopic;
    private final List<String> common;
    private final List<ServiceProcess> processes = new ArrayList<>();
    /** The host name the services' queue managers count under (if on), so that the stack can remove the counters. */
    final String queueManagerHost = TestBroker.uniqueName("e2e");
    final ServiceProcess network;
    final ServiceProcess conductor;
    final ServiceProcess compute;
    final ServiceProcess api;

    /** On the test broker's account, with exchange and topic names of its own. */
    NovaStack() throws IOException {
        this(module -> TestBroker.get().transportUrl(), true, Map.of());
    }

    /**
     * @param transportUrls each service's broker URL, by module name (one account per service, as compose runs)
     * @param ownNames      exchange and topics of this stack's own; else Nova's (on a virtual host of the test's own)
     * @param overrides     properties given to every service in place of this stack's own settings
     */
    NovaStack(Function<String, String> transportUrls, boolean ownNames, Map<String, String> overrides)
            throws IOException {
        this.overrides = Map.copyOf(overrides);
        root = Path.of(System.getProperty("novasim.root", "..")).toAbsolutePath().normalize();
        state = Files.createTempDirectory("novasim-e2e");
        logs = root.resolve("nova-api/target/e2e-logs");
        Files.createDirectories(logs);
        this.transportUrls = transportUrls;
        common = new ArrayList<>(TestBroker.get().springProperties());
        common.addAll(List.of("nova.rpc.amqp-auto-delete=true", "nova.rpc.rabbit-transient-queues-ttl=120s",
                "nova.servicegroup.service-down-time=10s", "nova.rpc.hostname=" + queueManagerHost));
        if (ownNames) {
            notifications = TestBroker.uniqueName("notifications");
            computeTopic = TestBroker.uniqueName("compute");
            common.addAll(List.of("nova.rpc.control-exchange=" + TestBroker.uniqueName("e2e"),
                    "nova.topics.conductor=" + TestBroker.uniqueName("conductor"),
                    "nova.topics.compute=" + computeTopic,
                    "nova.topics.network=" + TestBroker.uniqueName("network"),
                    "nova.topics.scheduler=" + TestBroker.uniqueName("scheduler"),
                    "nova.rpc.notifications.topics=" + notifications));
        } else {
            notifications = null;
            computeTopic = "compute";
        }
        network = service("nova-network", "nova-network", "nova.rpc.host=e2e-network",
                "nova.network.networks[0].label=private", "nova.network.networks[0].cidr=" + NETWORK_CIDR);
        conductor = service("nova-conductor", "nova-conductor", "nova.rpc.host=e2e-conductor",
                "nova.conductor.report-interval=2s");
        compute = computeService("nova-compute", List.of(), "nova.rpc.host=e2e-compute",
                "nova.compute.host-count=" + COMPUTE_HOSTS, "nova.compute.memory-mb=" + HOST_MEMORY_MB);
        api = service("nova-api", "nova-api", "nova.rpc.host=e2e-api");
    }

    private ServiceProcess service(String module, String name, String... properties) {
        // Keyed, so that an override replaces a setting: a property given twice on the command line is a list.
        Map<String, String> all = new LinkedHashMap<>();
        List<String> given = new ArrayList<>(common);
        given.add("nova.rpc.transport-url=" + transportUrls.apply(module));
        given.addAll(List.of(properties));
        for (String property : given) {
            int eq = property.indexOf('=');
            all.put(property.substring(0, eq), property.substring(eq + 1));
        }
        all.putAll(overrides);
        ServiceProcess process = ServiceProcess.of(root, module, name, logs,
                Map.of("NOVA_STATE_DIR", state.toString()),
                all.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
        processes.add(process);
        return process;
    }

    /** A nova-compute process; extra ones run more simulated hosts beside the first. */
    ServiceProcess computeService(String name, List<String> failHosts, String... properties) {
        List<String> all = new ArrayList<>(List.of(properties));
        all.addAll(List.of("nova.compute.vcpus=16", "nova.compute.report-interval=2s",
                "nova.compute.driver.boot-delay=300ms", "nova.compute.network-timeout=3s"));
        if (!failHosts.isEmpty()) {
            all.add("nova.compute.driver.fail-hosts=" + String.join(",", failHosts));
        }
        return service("nova-compute", name, all.toArray(String[]::new));
    }

    /** In Nova's order: network and conductor (which migrates the database) before compute and the API. */
    NovaStack start() {
        Stream.of(network, conductor, compute, api).forEach(ServiceProcess::start);
        return this;
    }

    /**
     * Waits until the conductor, the scheduler and this stack's compute hosts report up, and every host's compute
     * node is there, as a boot needs them (a Zed compute creates its service first, its node just after).
     */
    NovaStack awaitServicesUp() {
        java.util.Set<String> expected = new java.util.HashSet<>(java.util.Set.of("nova-conductor:e2e-conductor",
                "nova-scheduler:e2e-conductor"));
        java.util.Set<String> nodes = new java.util.HashSet<>();
        for (int i = 1; i <= COMPUTE_HOSTS; i++) {
            expected.add("nova-compute:e2e-compute-" + i);
            nodes.add("e2e-compute-" + i);
        }
        Servers.awaitTrue("the conductor, the scheduler and the compute hosts report up with their nodes",
                java.time.Duration.ofSeconds(60), () -> Servers.upServices(admin()).containsAll(expected)
                        && admin().get("/v2.1/os-hypervisors/detail").json().get("hypervisors").valueStream()
                        .map(h -> h.get("hypervisor_hostname").asString()).toList().containsAll(nodes));
        return this;
    }

    /** The project's checkout, where each module's sources are. */
    Path root() {
        return root;
    }

    ApiClient admin() {
        return new ApiClient(api.url(), "admin:admin");
    }

    Path logs() {
        return logs;
    }

    @Override
    public void close() throws Exception {
        processes.reversed().forEach(ServiceProcess::stop);
        deleteNotificationQueues();
        deleteQueueManagerCounters();
        // The services' embedded database, 20 MB a stack: a suite's worth stayed in /tmp after each run.
        org.springframework.util.FileSystemUtils.deleteRecursively(state);
    }

    private void deleteQueueManagerCounters() throws IOException {
        for (String service : List.of("nova-api", "nova-conductor", "nova-compute", "nova-network")) {
            Files.deleteIfExists(Path.of("/dev/shm", queueManagerHost + "_" + service + "_qmanager"));
        }
    }

    /** Nobody consumes the notifications in these tests, so their queues would outlive them. */
    private void deleteNotificationQueues() throws Exception {
        if (notifications == null) {
            return;
        }
        TestBroker broker = TestBroker.get();
        try (Connection connection = broker.connectionFactory(broker.username(), broker.password(),
                broker.virtualHost()).newConnection(); Channel channel = connection.createChannel()) {
            for (String priority : List.of("info", "error")) {
                channel.queueDelete(notifications + "." + priority);
            }
        }
    }
}
