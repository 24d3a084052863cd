package org.novasim.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.novasim.api.ApiClient;

import tools.jackson.databind.JsonNode;

/**
 * The whole control plane, four JVMs from their jars on the real broker: one POST boots a server through the
 * conductor's scheduler, a compute host and nova-network, and every failure Nova knows ends the instance in ERROR
 * with a fault rather than leaving it in BUILD. The scenarios run in order on one stack; each leaves no servers.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BootEndToEndIT {

    private static final String CIRROS = Servers.CIRROS;
    private static final Duration BUILD_TIMEOUT = Duration.ofSeconds(90);

    private static NovaStack stack;
    private static ApiClient admin;
    private static ApiClient alice;

    @BeforeAll
    static void start() throws Exception {
        stack = new NovaStack().start().awaitServicesUp();
        admin = stack.admin();
        alice = admin.as("alice:e2e-project");
    }

    @AfterAll
    static void stop() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    /** A scenario that fails leaves no servers to the next: they would hold its addresses and hosts. */
    @AfterEach
    void deleteLeftovers() {
        List<String> left = admin.get("/v2.1/servers?all_tenants=1").json().get("servers").valueStream()
                .map(s -> s.get("id").asString()).toList();
        if (!left.isEmpty()) {
            deleteAll(left);
        }
    }

    @Test
    @Order(1)
    void twentyServersBootActiveWithDistinctAddressesOnSeveralHostsAndStopStartAndDelete() {
        Map<String, String> requestIds = new LinkedHashMap<>();
        List<String> adminPasswords = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            ApiClient.Response created = boot(alice, "e2e-" + i, "1", "auto");
            requestIds.put(created.json().at("/server/id").asString(), created.header("X-Openstack-Request-Id"));
            adminPasswords.add(created.json().at("/server/adminPass").asString());
        }
        List<JsonNode> servers = requestIds.keySet().stream().map(id -> awaitSettled(admin, id)).toList();
        assertThat(servers).allSatisfy(s -> assertThat(s.get("status").asString()).as(s.toString()).isEqualTo("ACTIVE"));
        assertThat(servers).allSatisfy(s -> {
            assertThat(s.get("OS-EXT-STS:vm_state").asString()).isEqualTo("active");
            assertThat(s.get("OS-EXT-STS:task_state").isNull()).isTrue();
            assertThat(s.get("OS-EXT-STS:power_state").asInt()).isEqualTo(1);
        });
        List<String> addresses = servers.stream().map(BootEndToEndIT::address).toList();
        assertThat(addresses).doesNotHaveDuplicates().allMatch(a -> a.startsWith("10.20.0."));
        Map<String, Long> perHost = servers.stream().collect(Collectors.groupingBy(
                s -> s.get("OS-EXT-SRV-ATTR:host").asString(), Collectors.counting()));
        assertThat(perHost).as("the RAM weigher spreads the servers").hasSize(NovaStack.COMPUTE_HOSTS);
        assertThat(admin.get("/v2.1/os-hypervisors/detail").json().get("hypervisors").valueStream()
                .mapToInt(h -> h.get("running_vms").asInt()).sum()).isEqualTo(20);

        String first = requestIds.keySet().iterator().next();
        followTheRequest(first, requestIds.get(first));
        assertNoLogHolds(adminPasswords);

        ApiClient.Response stop = alice.post("/v2.1/servers/" + first + "/action", Map.of("os-stop", Map.of()));
        assertThat(stop.status()).isEqualTo(202);
        JsonNode stopped = awaitServer(alice, first, s -> s.get("status").asString().equals("SHUTOFF"));
        assertThat(stopped.get("OS-EXT-STS:power_state").asInt()).isEqualTo(4);
        assertThat(alice.post("/v2.1/servers/" + first + "/action", Map.of("os-stop", Map.of())).status())
                .as("a stopped server cannot be stopped again").isEqualTo(409);
        assertThat(alice.post("/v2.1/servers/" + first + "/action", Map.of("os-start", Map.of())).status()).isEqualTo(202);
        awaitServer(alice, first, s -> s.get("status").asString().equals("ACTIVE"));
        assertThat(alice.post("/v2.1/servers/" + first + "/action", Map.of("reboot", Map.of("type", "SOFT"))).status())
                .isEqualTo(202);
        awaitServer(alice, first, s -> s.get("status").asString().equals("ACTIVE") && s.get("OS-EXT-STS:task_state").isNull());
        assertThat(alice.get("/v2.1/servers/" + first + "/os-instance-actions").json().get("instanceActions")
                .valueStream().map(a -> a.get("action").asString()).toList())
                .contains("create", "stop", "start", "reboot");

        deleteAll(requestIds.keySet());
        assertThat(admin.get("/v2.1/os-hypervisors/detail").json().get("hypervisors").valueStream()
                .mapToInt(h -> h.get("running_vms").asInt()).sum()).isZero();
    }

    /** The passwords travel in the build messages, so message bodies must never reach the logs. */
    private static void assertNoLogHolds(List<String> secrets) {
        try (var logs = Files.list(stack.logs())) {
            for (Path log : logs.toList()) {
                String text = Files.readString(log);
                assertThat(secrets).as(log.toString()).noneMatch(text::contains);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Each service's rpc endpoint shows its part of the boot under the request id the API answered with. */
    private void followTheRequest(String serverId, String requestId) {
        assertThat(flow(stack.api, requestId)).contains("SENT CAST schedule_and_build_instances");
        // The conductor asks nova-scheduler (topic scheduler, in the conductor's process) over the bus.
        assertThat(flow(stack.conductor, requestId)).contains("RECEIVED CAST schedule_and_build_instances",
                "SENT CALL select_destinations", "RECEIVED CALL select_destinations",
                "SENT CAST build_and_run_instance", "RECEIVED CALL Instance.save");
        assertThat(flow(stack.compute, requestId)).contains("RECEIVED CAST build_and_run_instance",
                "SENT CALL allocate_for_instance", "SENT CALL Instance.save", "SENT FANOUT update_instance_info");
        assertThat(flow(stack.network, requestId)).contains("RECEIVED CALL allocate_for_instance");

        JsonNode action = admin.get("/v2.1/servers/" + serverId + "/os-instance-actions/" + requestId).json()
                .get("instanceAction");
        assertThat(action.get("action").asString()).isEqualTo("create");
        assertThat(action.get("events").valueStream().map(e -> e.get("event").asString() + ":" + e.get("result").asString()))
                .containsExactly("compute__do_build_and_run_instance:Success");
    }

    private static List<String> flow(ServiceProcess service, String requestId) {
        ApiClient actuator = new ApiClient(service.url(), "admin:admin");
        JsonNode messages = actuator.get("/actuator/rpc?requestId=" + requestId).json().get("messages");
        assertThat(messages).as(service.name + " recorded messages of " + requestId).isNotNull();
        return messages.valueStream().map(m -> m.get("direction").asString() + " " + m.get("kind").asString() + " "
                + m.get("method").asString()).toList();
    }

    @Test
    @Order(2)
    void aFlavorNoHostCanTakeEndsInErrorWithNoValidHost() {
        String id = boot(alice, "too-big", "5", "none").json().at("/server/id").asString();
        JsonNode server = awaitSettled(alice, id);
        assertThat(server.get("status").asString()).isEqualTo("ERROR");
        assertThat(server.at("/fault/message").asString()).startsWith("No valid host was found.");
        assertThat(server.at("/fault/code").asInt()).isEqualTo(500);
        assertThat(admin.get("/v2.1/servers/" + id).json().at("/server/OS-EXT-SRV-ATTR:host").isNull())
                .as("no claim is left").isTrue();
        // As Nova's conductor buries it: the create action's scheduling event failed.
        JsonNode actions = alice.get("/v2.1/servers/" + id + "/os-instance-actions").json().get("instanceActions");
        String requestId = actions.get(0).get("request_id").asString();
        // Events are admin-only below microversion 2.51, as in Nova.
        assertThat(alice.get("/v2.1/servers/" + id + "/os-instance-actions/" + requestId, "OpenStack-API-Version",
                "compute 2.51").json().at("/instanceAction/events/0/event").asString())
                .isEqualTo("conductor_schedule_and_build_instances");
        deleteAll(List.of(id));
    }

    /** 2.74: an admin's {@code host} is where the servers go, not where the scheduler's weighing would spread them. */
    @Test
    @Order(2)
    void anAdminsRequestedHostIsWhereTheServersLand() {
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            ApiClient.Response created = admin.post("/v2.1/servers", Map.of("server", Map.of("name", "pinned-" + i,
                    "imageRef", CIRROS, "flavorRef", "1", "networks", "none", "host", "e2e-compute-3")),
                    "OpenStack-API-Version", "compute 2.74");
            assertThat(created.status()).as(created.toString()).isEqualTo(202);
            ids.add(created.json().at("/server/id").asString());
        }
        List<JsonNode> servers = ids.stream().map(id -> awaitSettled(admin, id)).toList();
        assertThat(servers).allSatisfy(s -> {
            assertThat(s.get("status").asString()).as(s.toString()).isEqualTo("ACTIVE");
            assertThat(s.get("OS-EXT-SRV-ATTR:host").asString()).isEqualTo("e2e-compute-3");
        });
        deleteAll(ids);
    }

    @Test
    @Order(3)
    void aFullAddressPoolFailsTheBuildThatFindsItFullAndFreedAddressesAreReused() {
        // The first scenario's twenty addresses must have been freed, or fewer than the pool would fit.
        ApiClient.Response created = alice.post("/v2.1/servers", Map.of("server", Map.of("name", "pool",
                "imageRef", CIRROS, "flavorRef", "1", "networks", "auto", "min_count", NovaStack.POOL_SIZE + 1,
                "max_count", NovaStack.POOL_SIZE + 1)));
        assertThat(created.status()).as(created.toString()).isEqualTo(202);
        List<String> ids = admin.get("/v2.1/servers?all_tenants=1&name=%5Epool-").json().get("servers").valueStream()
                .map(s -> s.get("id").asString()).toList();
        assertThat(ids).hasSize(NovaStack.POOL_SIZE + 1);
        List<JsonNode> servers = ids.stream().map(id -> awaitSettled(admin, id)).toList();
        List<JsonNode> failed = servers.stream().filter(s -> s.get("status").asString().equals("ERROR")).toList();
        assertThat(failed).singleElement().satisfies(s -> assertThat(s.at("/fault/message").asString())
                .contains("No fixed IP addresses available for network: private"));
        assertThat(servers.stream().filter(s -> s.get("status").asString().equals("ACTIVE")).map(BootEndToEndIT::address)
                .collect(Collectors.toSet())).hasSize(NovaStack.POOL_SIZE);

        String active = servers.stream().filter(s -> s.get("status").asString().equals("ACTIVE")).findFirst()
                .orElseThrow().get("id").asString();
        String freed = address(admin.get("/v2.1/servers/" + active).json().get("server"));
        deleteAll(List.of(active));
        String again = boot(alice, "pool-again", "1", "auto").json().at("/server/id").asString();
        JsonNode reboot = awaitSettled(alice, again);
        assertThat(reboot.get("status").asString()).isEqualTo("ACTIVE");
        assertThat(address(reboot)).isEqualTo(freed);

        List<String> all = new ArrayList<>(ids);
        all.remove(active);
        all.add(again);
        deleteAll(all);
    }

    @Test
    @Order(4)
    void aSpawnThatFailsOnOneHostIsRescheduledToAnother() {
        // A host with more free RAM than the others, so the weigher picks it first, and on which every spawn fails.
        ServiceProcess flaky = stack.computeService("nova-compute-flaky", List.of("e2e-flaky"),
                "nova.rpc.host=e2e-flaky", "nova.compute.memory-mb=" + (NovaStack.HOST_MEMORY_MB + 4096)).start();
        try {
            // Up, and its compute node there: as Zed's, the service is created first, the node by the first
            // update_available_resource after it, and only a host with a node can be scheduled to.
            awaitTrue("the flaky host reports up with its node", Duration.ofSeconds(30),
                    () -> upServices().contains("nova-compute:e2e-flaky") && admin.get("/v2.1/os-hypervisors/detail")
                            .json().get("hypervisors").valueStream()
                            .anyMatch(h -> h.get("hypervisor_hostname").asString().equals("e2e-flaky")));
            ApiClient.Response created = boot(alice, "rescheduled", "1", "auto");
            String id = created.json().at("/server/id").asString();
            JsonNode server = awaitSettled(admin, id);
            assertThat(server.get("status").asString()).as(server.toString()).isEqualTo("ACTIVE");
            assertThat(server.get("OS-EXT-SRV-ATTR:host").asString()).isNotEqualTo("e2e-flaky");

            String requestId = created.header("X-Openstack-Request-Id");
            // Each event's host from microversion 2.62, as in Nova.
            JsonNode events = admin.get("/v2.1/servers/" + id + "/os-instance-actions/" + requestId,
                    "OpenStack-API-Version", "compute 2.62").json().at("/instanceAction/events");
            assertThat(events.valueStream().map(e -> e.get("result").asString() + "@" + e.get("host").asString()))
                    .contains("Error@e2e-flaky").anyMatch(e -> e.startsWith("Success@e2e-compute-"));
            assertThat(flow(stack.conductor, requestId)).contains("RECEIVED CAST build_instances");
            deleteAll(List.of(id));
        } finally {
            flaky.stop();
        }
        awaitTrue("the stopped host turns down", Duration.ofSeconds(30),
                () -> !upServices().contains("nova-compute:e2e-flaky"));
    }

    @Test
    @Order(5)
    void aBuildWhoseNetworkCallFindsNoNovaNetworkEndsInErrorAndBootsWorkOnceItIsBack() {
        stack.network.stop();
        String id = boot(alice, "no-network", "1", "auto").json().at("/server/id").asString();
        JsonNode server = awaitSettled(alice, id);
        assertThat(server.get("status").asString()).isEqualTo("ERROR");
        // Its topic queue went with it (auto-delete here), so the broker hands the call back, which is sent again
        // until the network timeout (3 s here); with durable queues the call would wait out its timeout as well.
        assertThat(admin.get("/v2.1/servers/" + id).json().at("/server/fault/message").asString())
                .contains("Failed to allocate the network(s)").contains("no queue is bound to routing key");
        deleteAll(List.of(id));

        stack.network.start();
        String back = boot(alice, "network-back", "1", "auto").json().at("/server/id").asString();
        assertThat(awaitSettled(alice, back).get("status").asString()).isEqualTo("ACTIVE");
        deleteAll(List.of(back));
    }

    @Test
    @Order(6)
    void openstacksOwnClientBootsListsShowsStopsStartsRebootsAndDeletes() {
        OpenstackClient openstack = new OpenstackClient(stack.api.url());
        assertThat(openstack.json("flavor", "list").valueStream().map(f -> f.get("Name").asString()))
                .contains("m1.tiny", "m1.small", "m1.medium", "m1.large", "m1.xlarge");

        JsonNode cli1 = openstack.json("server", "create", "--flavor", "m1.tiny", "--image", "cirros-0.6.2-x86_64-disk",
                "--network", "none", "--wait", "cli-1");
        assertThat(cli1.get("status").asString()).isEqualTo("ACTIVE");
        JsonNode cli2 = openstack.json("server", "create", "--flavor", "m1.tiny", "--image", CIRROS,
                "--network", "auto", "--wait", "cli-2");
        assertThat(cli2.get("status").asString()).isEqualTo("ACTIVE");

        JsonNode shown = openstack.json("server", "show", "cli-2");
        assertThat(shown.get("image").asString()).isEqualTo("cirros-0.6.2-x86_64-disk (" + CIRROS + ")");
        assertThat(shown.get("flavor").asString()).isEqualTo("m1.tiny (1)");
        assertThat(shown.get("addresses").toString()).contains("10.20.0.");
        assertThat(openstack.json("server", "list").valueStream()
                .map(s -> s.get("Name").asString() + "=" + s.get("Status").asString()))
                .contains("cli-1=ACTIVE", "cli-2=ACTIVE");
        // Pages and filters as Debian's client sends them: --limit, --marker (a name it resolves to an id), --limit -1
        // (it asks page after page until one is empty), --name (a regular expression), --status, and for admins
        // --all-projects with --host.
        assertThat(names(openstack.json("server", "list", "--name", "^cli-[12]$", "--limit", "1")))
                .containsExactly("cli-2");
        assertThat(names(openstack.json("server", "list", "--name", "^cli-[12]$", "--marker", "cli-2")))
                .containsExactly("cli-1");
        assertThat(names(openstack.json("server", "list", "--name", "^cli-", "--limit", "-1")))
                .containsExactly("cli-2", "cli-1");
        assertThat(names(openstack.json("server", "list", "--name", "^cli-", "--status", "SHUTOFF"))).isEmpty();
        String cli2Host = admin.get("/v2.1/servers/" + cli2.get("id").asString()).json()
                .at("/server/OS-EXT-SRV-ATTR:host").asString();
        assertThat(names(openstack.json("server", "list", "--all-projects", "--host", cli2Host, "--name", "^cli-2$")))
                .containsExactly("cli-2");

        openstack.run("server", "stop", "cli-1");
        awaitServer(admin, cli1.get("id").asString(), s -> s.get("status").asString().equals("SHUTOFF"));
        openstack.run("server", "start", "cli-1");
        awaitServer(admin, cli1.get("id").asString(), s -> s.get("status").asString().equals("ACTIVE"));
        openstack.run("server", "reboot", "--wait", "cli-1");
        assertThat(openstack.json("server", "show", "cli-1").get("status").asString()).isEqualTo("ACTIVE");

        assertThat(openstack.json("hypervisor", "list").valueStream().map(h -> h.get("State").asString()).toList())
                .hasSizeGreaterThanOrEqualTo(NovaStack.COMPUTE_HOSTS).contains("up");
        assertThat(openstack.json("compute", "service", "list").valueStream()
                .map(s -> s.get("Binary").asString() + ":" + s.get("State").asString()))
                .contains("nova-conductor:up", "nova-compute:up");

        openstack.run("server", "delete", "--wait", "cli-1", "cli-2");
        assertThat(openstack.json("server", "list").valueStream().map(s -> s.get("Name").asString()))
                .doesNotContain("cli-1", "cli-2");
    }

    /** The README's tour as it runs with {@code --os-compute-api-version 2.latest} (novaclient's 2.92). */
    @Test
    @Order(7)
    void theReadmeTourRunsWithTheNewestMicroversion() {
        OpenstackClient openstack = new OpenstackClient(stack.api.url(), "2.latest");
        assertThat(openstack.json("flavor", "list").valueStream().map(f -> f.get("Name").asString()))
                .contains("m1.tiny", "m1.xlarge");
        JsonNode created = openstack.json("server", "create", "--flavor", "m1.tiny", "--image",
                "cirros-0.6.2-x86_64-disk", "--network", "auto", "--description", "the tour's server", "--tag", "tour",
                "--tag", "web", "--hostname", "tour-host", "--wait", "tour-latest");
        assertThat(created.get("status").asString()).isEqualTo("ACTIVE");
        String id = created.get("id").asString();
        JsonNode shown = openstack.json("server", "show", "tour-latest");
        assertThat(shown.get("flavor").toString()).as("the embedded flavor of 2.47").contains("m1.tiny");
        assertThat(shown.get("addresses").toString()).contains("10.20.0.");
        assertThat(shown.get("description").asString()).isEqualTo("the tour's server");
        assertThat(shown.get("tags").toString()).contains("tour").contains("web");
        assertThat(shown.get("OS-EXT-SRV-ATTR:hostname").asString()).isEqualTo("tour-host");
        openstack.run("server", "set", "--tag", "extra", "--description", "retold", "tour-latest");
        openstack.run("server", "unset", "--tag", "web", "tour-latest");
        JsonNode changed = openstack.json("server", "show", "tour-latest");
        assertThat(changed.get("description").asString()).isEqualTo("retold");
        assertThat(changed.get("tags").toString()).contains("extra").contains("tour").doesNotContain("web");
        assertThat(names(openstack.json("server", "list", "--tags", "extra"))).contains("tour-latest");
        assertThat(names(openstack.json("server", "list", "--not-tags", "extra"))).doesNotContain("tour-latest");
        assertThat(openstack.json("server", "list").valueStream()
                .map(s -> s.get("Name").asString() + "=" + s.get("Status").asString())).contains("tour-latest=ACTIVE");
        openstack.run("server", "stop", "tour-latest");
        awaitServer(admin, id, s -> s.get("status").asString().equals("SHUTOFF"));
        openstack.run("server", "start", "tour-latest");
        awaitServer(admin, id, s -> s.get("status").asString().equals("ACTIVE"));
        openstack.run("server", "reboot", "--wait", "tour-latest");
        assertThat(openstack.json("server", "show", "tour-latest").get("status").asString()).isEqualTo("ACTIVE");
        assertThat(openstack.json("server", "event", "list", "tour-latest").valueStream()
                .map(e -> e.get("Action").asString())).contains("stop", "start", "reboot");
        assertThat(openstack.json("hypervisor", "list").valueStream().map(h -> h.get("State").asString()).toList())
                .hasSizeGreaterThanOrEqualTo(NovaStack.COMPUTE_HOSTS).contains("up");
        assertThat(openstack.json("compute", "service", "list").valueStream()
                .map(s -> s.get("Binary").asString() + ":" + s.get("State").asString()))
                .contains("nova-conductor:up", "nova-compute:up");
        assertThat(openstack.json("limits", "show", "--absolute").valueStream()
                .map(l -> l.get("Name").asString() + "=" + l.get("Value").asString()))
                .contains("totalInstancesUsed=1", "maxServerMeta=128");
        openstack.run("server", "delete", "--wait", "tour-latest");
        assertThat(names(openstack.json("server", "list"))).doesNotContain("tour-latest");
    }

    /** Debian's python3-novaclient 18.1 through its Python API at the newest microversion it knows. */
    @Test
    @Order(8)
    void novaclientAt2Point92BootsListsShowsStopsStartsAndDeletes() {
        JsonNode seen = Novaclient.walk(stack.api.url() + "/v2.1", "2.92", CIRROS);
        assertThat(seen.get("api_version").asString()).isEqualTo("2.92");
        assertThat(seen.get("flavors").valueStream().map(JsonNode::asString)).contains("m1.tiny");
        assertThat(seen.get("status").asString()).isEqualTo("ACTIVE");
        assertThat(seen.at("/flavor/original_name").asString()).isEqualTo("m1.tiny");
        assertThat(seen.get("hostname").asString()).isEqualTo("novaclient-1");
        assertThat(seen.get("locked").asBoolean()).isFalse();
        assertThat(seen.get("listed").valueStream().map(JsonNode::asString)).containsExactly("novaclient-1");
        assertThat(seen.get("stopped").asString()).isEqualTo("SHUTOFF");
        assertThat(seen.get("started").asString()).isEqualTo("ACTIVE");
        assertThat(seen.get("actions").valueStream().map(JsonNode::asString)).contains("create", "stop", "start");
        assertThat(seen.get("hypervisors").valueStream().map(JsonNode::asString)).contains("up");
        assertThat(seen.get("services").valueStream().map(JsonNode::asString)).contains("nova-compute",
                "nova-conductor");
        assertThat(seen.get("deleted").asBoolean()).isTrue();
    }

    /** The same package's {@code nova} command at 2.92: boot (its image looked up under /v2/images), list, delete. */
    @Test
    @Order(9)
    void theNovaCommandAt2Point92BootsListsShowsAndDeletes() {
        String endpoint = stack.api.url() + "/v2.1";
        String booted = Novaclient.nova(endpoint, "2.92", "boot", "--flavor", "m1.tiny", "--image", CIRROS, "--nic",
                "auto", "--poll", "nova-cli-1");
        assertThat(booted).contains("nova-cli-1").contains("Finished");
        assertThat(Novaclient.nova(endpoint, "2.92", "list", "--name", "^nova-cli-")).contains("nova-cli-1")
                .contains("ACTIVE");
        assertThat(Novaclient.nova(endpoint, "2.92", "show", "nova-cli-1")).contains("m1.tiny")
                .contains("OS-EXT-SRV-ATTR:hostname").contains("nova-cli-1");
        Novaclient.nova(endpoint, "2.92", "delete", "nova-cli-1");
        awaitTrue("nova-cli-1 is deleted", BUILD_TIMEOUT, () -> !Novaclient.nova(endpoint, "2.92", "list", "--name",
                "^nova-cli-").contains("nova-cli-1"));
    }

    // --- helpers

    private static java.util.List<String> names(JsonNode listed) {
        return listed.valueStream().map(s -> s.get("Name").asString()).toList();
    }

    private static ApiClient.Response boot(ApiClient client, String name, String flavor, String networks) {
        return Servers.boot(client, name, flavor, networks, 1);
    }

    private static String address(JsonNode server) {
        return server.at("/addresses/private/0/addr").asString();
    }

    /** The server once it is ACTIVE or ERROR: no build may stay in BUILD. */
    private static JsonNode awaitSettled(ApiClient client, String id) {
        return Servers.await(client, id, BUILD_TIMEOUT, Servers::settled);
    }

    private static JsonNode awaitServer(ApiClient client, String id, Predicate<JsonNode> condition) {
        return Servers.await(client, id, BUILD_TIMEOUT, condition);
    }

    private static void deleteAll(Iterable<String> ids) {
        for (String id : ids) {
            assertThat(admin.delete("/v2.1/servers/" + id).status()).isEqualTo(204);
        }
        for (String id : ids) {
            awaitTrue("server " + id + " is deleted", BUILD_TIMEOUT,
                    () -> admin.get("/v2.1/servers/" + id).status() == 404);
        }
    }

    private static Set<String> upServices() {
        return Servers.upServices(admin);
    }

    private static void awaitTrue(String what, Duration timeout, BooleanSupplier condition) {
        Servers.awaitTrue(what + " (logs in " + stack.logs() + ")", timeout, condition);
    }
}
