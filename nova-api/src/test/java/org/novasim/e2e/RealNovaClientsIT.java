package org.novasim.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.novasim.api.ApiClient;
import org.novasim.messaging.rpc.Args;
import org.novasim.messaging.wire.OsloJson;
import org.novasim.testsupport.PythonPeer;
import org.novasim.testsupport.TestBroker;
import org.novasim.testsupport.TestVirtualHost;

import tools.jackson.databind.JsonNode;

/**
 * Real Nova Zed code drives NovaSim: Nova's own {@code nova.compute.rpcapi.ComputeAPI} (compute RPC pinned to 6.0,
 * configuration loaded by {@code nova.config.parse_args}) builds, stops, starts, reboots and terminates instances
 * on NovaSim's compute hosts, and Nova's {@code ComputeTaskAPI} has NovaSim's conductor schedule one, all with
 * objects made by Nova's classes (python3-nova). The stack runs with Nova's exchange and topics, on a virtual host
 * of its own; what Nova's API would have written to the database before each cast (the task_state) goes through
 * NovaSim's conductor. The API shows every change. Nova's own objects, with the conductor as their indirection API,
 * start and heartbeat a compute service as a Zed nova-compute does.
 */
class RealNovaClientsIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private static TestVirtualHost vhost;
    private static NovaStack stack;
    private static ApiClient admin;
    private static PythonPeer nova;
    private static Path config;

    @BeforeAll
    static void start() throws Exception {
        vhost = new TestVirtualHost("novasim_nova");
        String url = vhost.transportUrl();
        stack = new NovaStack(module -> url, false, Map.of()).start().awaitServicesUp();
        admin = stack.admin();
        config = Files.createTempFile("nova-novasim", ".conf");
        Files.writeString(config, String.join("\n", "[DEFAULT]", "transport_url = " + url, "host = nova-python",
                "[upgrade_levels]", "compute = 6.0", "[oslo_messaging_rabbit]", "amqp_auto_delete = true",
                "rabbit_transient_queues_ttl = 120", ""));
        nova = PythonPeer.startNova(stack.root().resolve("common-rpc/src/test/python"),
                List.of("client", "--config-file", config.toString())).awaitReady(Duration.ofSeconds(90));
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (nova != null) {
                nova.close();
            }
            if (stack != null) {
                stack.close();
            }
        } finally {
            if (vhost != null) {
                vhost.close();
            }
            if (config != null) {
                Files.deleteIfExists(config);
            }
        }
    }

    /** Runs one command with Nova's code; its request id, so that the instance's actions can be traced to it. */
    private static String nova(String op, Map<String, Object> command) throws Exception {
        String requestId = "req-" + UUID.randomUUID();
        JsonNode outcome = outcome(op, command, requestId);
        assertThat(outcome.get("ok").asBoolean()).as("%s: %s\n%s", op, outcome, nova.stderr()).isTrue();
        return requestId;
    }

    /** What one command with Nova's code came to: {@code ok}, its {@code result}, or its {@code error_class}. */
    private static JsonNode outcome(String op, Map<String, Object> command, String requestId) throws Exception {
        Map<String, Object> all = new HashMap<>(command);
        all.put("op", op);
        all.put("request_id", requestId);
        nova.send(OsloJson.mapper().writeValueAsString(all));
        return OsloJson.mapper().readTree(nova.nextLine(Duration.ofSeconds(60)));
    }

    private static JsonNode result(String op, Map<String, Object> command) throws Exception {
        JsonNode outcome = outcome(op, command, "req-" + UUID.randomUUID());
        assertThat(outcome.get("ok").asBoolean()).as("%s: %s\n%s", op, outcome, nova.stderr()).isTrue();
        return outcome.get("result");
    }

    private static String errorClass(String op, Map<String, Object> command) throws Exception {
        JsonNode outcome = outcome(op, command, "req-" + UUID.randomUUID());
        assertThat(outcome.get("ok").asBoolean()).as("%s should have failed: %s", op, outcome).isFalse();
        return outcome.get("error_class").asString() + ": " + outcome.get("error").asString();
    }

    /** The os-services entry of a compute host, or null. */
    private static JsonNode computeService(String host) {
        return admin.get("/v2.1/os-services?binary=nova-compute").json().get("services").valueStream()
                .filter(s -> s.get("host").asString().equals(host)).findFirst().orElse(null);
    }

    /**
     * Nova's own {@code Service} object with the conductor as its indirection API, as a Zed nova-compute starts and
     * heartbeats (nova/servicegroup/drivers/db.py): looked up, created, {@code report_count += 1; save()}. What it
     * saves is in os-services; what Nova refuses, NovaSim's conductor refuses with Nova's and oslo's classes.
     */
    @Test
    void novasOwnServiceObjectsStartAndHeartbeatThroughTheConductor() throws Exception {
        String host = "zed-objects-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(result("service_get", Map.of("host", host, "binary", "nova-compute")).isNull())
                .as("no such service yet: None, as Nova's get_by_host_and_binary answers").isTrue();

        JsonNode created = result("service_create", Map.of("host", host));
        assertThat(created.get("version").asString()).isEqualTo("1.22");
        assertThat(created.at("/fields/id").asLong()).isPositive();
        assertThat(created.at("/fields/report_count").asInt()).isZero();
        assertThat(created.at("/fields/version").asInt()).as("Zed's service version").isEqualTo(64);
        assertThat(created.get("changes")).as("the conductor's answer leaves nothing to save").isEmpty();
        JsonNode listed = computeService(host);
        assertThat(listed).as("os-services shows the new service").isNotNull();
        assertThat(listed.get("state").asString()).isEqualTo("up");

        JsonNode beat = result("service_heartbeat", Map.of("host", host));
        assertThat(beat.at("/fields/report_count").asInt()).isEqualTo(1);
        assertThat(beat.at("/fields/last_seen_up").isNull()).as("a heartbeat is a sighting").isFalse();
        String firstBeat = computeService(host).get("updated_at").asString();
        Thread.sleep(1100); // Nova's times are in whole seconds
        assertThat(result("service_heartbeat", Map.of("host", host)).at("/fields/report_count").asInt()).isEqualTo(2);
        assertThat(result("service_get", Map.of("host", host, "binary", "nova-compute"))
                .at("/fields/report_count").asInt()).isEqualTo(2);
        assertThat(computeService(host).get("updated_at").asString()).as("os-services' updated_at moved")
                .isGreaterThan(firstBeat);

        assertThat(errorClass("service_create", Map.of("host", host))).startsWith("ServiceBinaryExists");
        assertThat(errorClass("service_heartbeat", Map.of("host", "no-such-" + host)))
                .startsWith("ComputeHostNotFound");
        assertThat(errorClass("object_class_action", Map.of("objname", "NoSuchObject", "objmethod", "get_by_id",
                "versions", Map.of("NoSuchObject", "1.0")))).startsWith("UnsupportedObjectError");
        assertThat(errorClass("object_class_action", Map.of("objname", "Service", "objmethod",
                "get_by_compute_host", "versions", Map.of("Service", "1.99"), "args", List.of(host))))
                .startsWith("IncompatibleObjectVersion");
        assertThat(errorClass("object_class_action", Map.of("objname", "Service", "objmethod", "no_such_method",
                "versions", Map.of("Service", "1.22")))).startsWith("AttributeError");
        assertThat(result("service_get", Map.of("host", host, "binary", "nova-compute"))
                .at("/fields/report_count").asInt()).as("nothing written by what was refused").isEqualTo(2);
    }

    /**
     * What Nova's API writes before a cast ({@code instance.save(expected_task_state=...)}), with Nova's own Instance
     * object through NovaSim's conductor.
     */
    private static void save(String uuid, Map<String, Object> updates, Object... expectedTaskState) throws Exception {
        nova("instance_save", Map.of("uuid", uuid, "updates", updates, "expected_task_state",
                Arrays.asList(expectedTaskState)));
    }

    /**
     * Nova's own objects, as a Zed compute uses them through the conductor, on a server booted through NovaSim's
     * API: the instance loaded and saved (with its expected task state, and refused when it is not), an action event
     * and a fault recorded, a compute node created and saved; each seen where a user looks, the API.
     */
    @Test
    void novasOwnObjectsLoadSaveAndRecordAServerBootedThroughNovaSim() throws Exception {
        String id = Servers.boot(admin, "zed-objects", "1", "auto", 1).json().at("/server/id").asString();
        JsonNode active = await(id, "ACTIVE");
        String address = active.at("/addresses/private/0/addr").asString();

        JsonNode loaded = result("instance_get", Map.of("uuid", id));
        assertThat(loaded.get("vm_state").asString()).isEqualTo("active");
        assertThat(loaded.get("host").asString()).isEqualTo(active.get("OS-EXT-SRV-ATTR:host").asString());
        assertThat(loaded.get("flavor").asString()).isEqualTo("m1.tiny");
        assertThat(loaded.get("network_info").asString()).as("the info cache the compute saved").contains(address);
        JsonNode onHost = result("instance_list", Map.of("host", loaded.get("host").asString()));
        assertThat(onHost.get("uuids").valueStream().map(JsonNode::asString)).as("InstanceList.get_by_host").contains(id);
        assertThat(onHost.get("migrations").asInt()).as("MigrationList.get_in_progress_and_error").isZero();

        JsonNode saved = result("instance_save", Map.of("uuid", id, "updates", Map.of("task_state", "powering-off"),
                "expected_task_state", Arrays.asList((Object) null)));
        assertThat(saved.get("changes")).as("as Nova's own conductor leaves it: at most the nested flavor")
                .allMatch(field -> field.asString().equals("flavor"));
        assertThat(admin.get("/v2.1/servers/" + id).json().at("/server/OS-EXT-STS:task_state").asString())
                .isEqualTo("powering-off");
        assertThat(errorClass("instance_save", Map.of("uuid", id, "updates", Map.of("task_state", "spawning"),
                "expected_task_state", List.of("spawning"))))
                .startsWith("UnexpectedTaskStateError").contains("Actual: {'task_state': 'powering-off'}");
        save(id, Map.of("task_state", "rebooting"), "powering-off");
        assertThat(admin.get("/v2.1/servers/" + id).json().at("/server/OS-EXT-STS:task_state").asString())
                .isEqualTo("rebooting");

        String event = nova("instance_event", Map.of("uuid", id, "event", "compute_reboot_instance",
                "host", "zed-objects", "failure", "Simulated reboot failure", "traceback", "Traceback (zed)"));
        JsonNode action = admin.get("/v2.1/servers/" + id + "/os-instance-actions/" + event).json()
                .get("instanceAction");
        assertThat(action.get("events").valueStream().filter(e -> e.get("event").asString()
                .equals("compute_reboot_instance")).findFirst().orElseThrow().get("result").asString())
                .isEqualTo("Error");

        result("instance_fault", Map.of("uuid", id, "message", "Simulated reboot failure", "details",
                "Traceback (zed)", "host", "zed-objects"));
        save(id, Args.of("vm_state", "error", "task_state", null), "rebooting");
        JsonNode failed = await(id, "ERROR");
        assertThat(failed.at("/fault/message").asString()).isEqualTo("Simulated reboot failure");

        // A node with no room beside its reserved RAM (512 MB of 512), so that no later boot is scheduled to a host that
        // no compute serves.
        String node = "zed-node-" + UUID.randomUUID().toString().substring(0, 8);
        result("service_create", Map.of("host", node));
        JsonNode tracked = result("compute_node", Map.of("host", node, "vcpus", 6, "memory_mb", 512,
                "local_gb", 80));
        assertThat(tracked.get("id").asLong()).isPositive();
        assertThat(result("compute_node", Map.of("host", node, "vcpus", 12, "memory_mb", 512, "local_gb", 80))
                .get("id").asLong()).as("found, not created again").isEqualTo(tracked.get("id").asLong());
        Servers.awaitTrue("os-hypervisors shows the node with its saved vCPUs", TIMEOUT, () ->
                admin.get("/v2.1/os-hypervisors/detail").json().get("hypervisors").valueStream()
                        .anyMatch(h -> h.get("hypervisor_hostname").asString().equals(node)
                                && h.get("vcpus").asInt() == 12));
    }

    /** The instance as Nova's API would load it, for Nova's classes: every field as NovaSim's API shows it. */
    private static Map<String, Object> instance(JsonNode server, String flavorId) {
        JsonNode flavor = admin.get("/v2.1/flavors/" + flavorId).json().get("flavor");
        Map<String, Object> fields = new HashMap<>();
        fields.put("uuid", server.get("id").asString());
        fields.put("display_name", server.get("name").asString());
        fields.put("project_id", server.get("tenant_id").asString());
        fields.put("user_id", server.get("user_id").asString());
        fields.put("image_ref", Servers.CIRROS);
        fields.put("host", server.get("OS-EXT-SRV-ATTR:host").isNull() ? null : server.get("OS-EXT-SRV-ATTR:host").asString());
        fields.put("node", fields.get("host"));
        fields.put("vm_state", server.get("OS-EXT-STS:vm_state").asString());
        fields.put("task_state", server.get("OS-EXT-STS:task_state").isNull() ? null
                : server.get("OS-EXT-STS:task_state").asString());
        fields.put("power_state", server.get("OS-EXT-STS:power_state").asInt());
        fields.put("availability_zone", "nova");
        fields.put("locked", false);
        fields.put("flavor", Map.ofEntries(Map.entry("id", Integer.parseInt(flavorId)), Map.entry("flavorid", flavorId),
                Map.entry("name", flavor.get("name").asString()), Map.entry("vcpus", flavor.get("vcpus").asInt()),
                Map.entry("memory_mb", flavor.get("ram").asInt()), Map.entry("root_gb", flavor.get("disk").asInt()),
                Map.entry("ephemeral_gb", flavor.get("OS-FLV-EXT-DATA:ephemeral").asInt()), Map.entry("swap", 0),
                Map.entry("rxtx_factor", 1.0), Map.entry("is_public", true), Map.entry("disabled", false),
                Map.entry("extra_specs", Map.of()), Map.entry("vcpu_weight", 0)));
        return fields;
    }

    /** A server in the database that no host has: it asked for a flavor no host can take, so it is in ERROR. */
    private static JsonNode unplacedServer(String name) {
        String id = Servers.boot(admin, name, "5", "auto", 1).json().at("/server/id").asString();
        JsonNode server = Servers.await(admin, id, TIMEOUT, Servers::settled);
        assertThat(server.get("status").asString()).isEqualTo("ERROR");
        return server;
    }

    private static JsonNode await(String id, String status) {
        return Servers.await(admin, id, TIMEOUT, s -> s.get("status").asString().equals(status)
                && s.get("OS-EXT-STS:task_state").isNull());
    }

    private static List<String> actionRequestIds(String id) {
        return admin.get("/v2.1/servers/" + id + "/os-instance-actions").json().get("instanceActions").valueStream()
                .map(a -> a.get("request_id").asString()).toList();
    }

    /** The error of the first message set aside on Nova's exchange's dead-letter queue. */
    private static String awaitSetAside() throws Exception {
        TestBroker broker = TestBroker.get();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            try (Connection connection = broker.connectionFactory(broker.username(), broker.password(), vhost.name())
                    .newConnection(); Channel channel = connection.createChannel()) {
                GetResponse got = channel.basicGet("nova.dead_letter", true);
                if (got != null) {
                    return String.valueOf(got.getProps().getHeaders().get("x-novasim-error"));
                }
            } catch (java.io.IOException e) {
                // Not declared yet: the queue is declared with the first message set aside.
            }
            Servers.sleep(200);
        }
        throw new AssertionError("nothing was set aside on nova.dead_letter");
    }

    @Test
    void novasComputeApiBuildsStopsStartsRebootsAndTerminatesOnNovaSimsComputeHosts() throws Exception {
        JsonNode server = unplacedServer("built-by-nova");
        String id = server.get("id").asString();
        save(id, Map.of("vm_state", "building", "task_state", "scheduling"), (Object) null);
        Map<String, Object> building = instance(Servers.await(admin, id, TIMEOUT, s -> true), "1");
        String buildRequest = nova("build_and_run_instance", Map.of("instance", building, "host", "e2e-compute-1",
                "image", Map.of("id", Servers.CIRROS, "name", "cirros")));

        JsonNode active = await(id, "ACTIVE");
        assertThat(active.get("OS-EXT-SRV-ATTR:host").asString()).isEqualTo("e2e-compute-1");
        assertThat(active.at("/addresses/private/0/addr").asString()).as("nova-network allocated").startsWith("10.20.0.");
        assertThat(actionRequestIds(id)).contains(buildRequest);

        save(id, Map.of("task_state", "powering-off"), (Object) null);
        // An Instance of a version NovaSim does not know is set aside with its reason: no endpoint code, no database.
        nova("stop_instance", Map.of("instance", instance(active, "1"), "version", "2.99"));
        assertThat(awaitSetAside()).contains("IncompatibleObjectVersion", "Version 2.99 of Instance is not supported");
        assertThat(admin.get("/v2.1/servers/" + id).json().at("/server/status").asString()).isEqualTo("ACTIVE");
        nova("stop_instance", Map.of("instance", instance(active, "1")));
        JsonNode stopped = await(id, "SHUTOFF");
        assertThat(stopped.get("OS-EXT-STS:power_state").asInt()).isEqualTo(4);

        save(id, Map.of("task_state", "powering-on"), (Object) null);
        nova("start_instance", Map.of("instance", instance(stopped, "1")));
        JsonNode started = await(id, "ACTIVE");
        assertThat(started.get("OS-EXT-STS:power_state").asInt()).isEqualTo(1);

        save(id, Map.of("task_state", "rebooting_hard"), (Object) null);
        String reboot = nova("reboot_instance", Map.of("instance", instance(started, "1"), "reboot_type", "HARD"));
        JsonNode rebooted = await(id, "ACTIVE");
        assertThat(rebooted.get("OS-EXT-STS:vm_state").asString()).isEqualTo("active");
        Servers.awaitTrue("the reboot's event is finished", TIMEOUT, () -> admin.get("/v2.1/servers/" + id
                + "/os-instance-actions/" + reboot).json().at("/instanceAction/events").valueStream()
                .anyMatch(e -> e.get("event").asString().equals("compute_reboot_instance")
                        && "Success".equals(e.get("result").asString())));

        save(id, Map.of("task_state", "deleting"), (Object) null);
        nova("terminate_instance", Map.of("instance", instance(rebooted, "1")));
        Servers.awaitTrue("the server is gone", TIMEOUT, () -> admin.get("/v2.1/servers/" + id).status() == 404);
    }

    /**
     * Nova's own SchedulerAPI, as Zed's conductor calls it ({@code select_destinations} 4.5 on topic
     * {@code scheduler}, a RequestSpec of Nova's): NovaSim's scheduler claims a host and answers with Nova's
     * Selection objects, the claimed host first, the alternates after it.
     */
    @Test
    void novasSchedulerApiHasNovaSimsSchedulerClaimAHostAndAnswerWithSelections() throws Exception {
        JsonNode server = unplacedServer("scheduled-by-nova");
        String id = server.get("id").asString();
        save(id, Args.of("vm_state", "building", "task_state", "scheduling"), (Object) null);
        Map<String, Object> fields = instance(Servers.await(admin, id, TIMEOUT, s -> true), "1");

        JsonNode hostLists = result("select_destinations", Map.of("uuid", id, "flavor", fields.get("flavor")));
        assertThat(hostLists).hasSize(1);
        JsonNode chosen = hostLists.get(0).get(0);
        assertThat(chosen.get("class").asString()).isEqualTo("Selection");
        assertThat(chosen.get("service_host").asString()).startsWith("e2e-compute-");
        assertThat(hostLists.get(0).valueStream().map(s -> s.get("service_host").asString()))
                .as("the claimed host, then alternates").doesNotHaveDuplicates().hasSizeGreaterThan(1);
        assertThat(admin.get("/v2.1/servers/" + id).json().at("/server/OS-EXT-SRV-ATTR:host").asString())
                .as("the scheduler's claim").isEqualTo(chosen.get("service_host").asString());
        assertThat(admin.delete("/v2.1/servers/" + id).status()).isEqualTo(204);
    }

    @Test
    void novasComputeTaskApiHasNovaSimsConductorScheduleAndBuildWithTheRequestSpecsFlavor() throws Exception {
        JsonNode server = unplacedServer("scheduled-by-nova");
        String id = server.get("id").asString();
        // As Nova's API leaves a new instance: building, scheduling, no host.
        save(id, Map.of("vm_state", "building", "task_state", "scheduling"), (Object) null);
        Map<String, Object> building = instance(Servers.await(admin, id, TIMEOUT, s -> true), "1");

        String scheduled = nova("schedule_and_build_instances", Map.of("instance", building,
                "image", Map.of("id", Servers.CIRROS, "name", "cirros")));

        JsonNode active = await(id, "ACTIVE");
        assertThat(active.get("OS-EXT-SRV-ATTR:host").asString()).startsWith("e2e-compute-");
        assertThat(actionRequestIds(id)).contains(scheduled);
        admin.delete("/v2.1/servers/" + id);
        Servers.awaitTrue("the server is gone", TIMEOUT, () -> admin.get("/v2.1/servers/" + id).status() == 404);
    }

    @Test
    void novasBuildInstancesHasNovaSimsConductorClaimAndBuildOnTheAlternateItNames() throws Exception {
        JsonNode server = unplacedServer("rescheduled-by-nova");
        String id = server.get("id").asString();
        // As a compute host leaves a build it gave up: building, scheduling, no host.
        save(id, Map.of("vm_state", "building", "task_state", "scheduling"), (Object) null);
        Map<String, Object> building = instance(Servers.await(admin, id, TIMEOUT, s -> true), "1");

        String rescheduled = nova("build_instances", Map.of("instance", building, "host", "e2e-compute-2",
                "compute_node_uuid", UUID.randomUUID().toString(),
                "image", Map.of("id", Servers.CIRROS, "name", "cirros")));

        JsonNode active = await(id, "ACTIVE");
        assertThat(active.get("OS-EXT-SRV-ATTR:host").asString()).isEqualTo("e2e-compute-2");
        Servers.awaitTrue("the build on the alternate is recorded under Nova's request", TIMEOUT,
                () -> actionRequestIds(id).contains(rescheduled));
        admin.delete("/v2.1/servers/" + id);
        Servers.awaitTrue("the server is gone", TIMEOUT, () -> admin.get("/v2.1/servers/" + id).status() == 404);
    }
}
