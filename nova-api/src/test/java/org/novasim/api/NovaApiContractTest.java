package org.novasim.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.simple.JdbcClient;

import org.novasim.messaging.Target;
import org.novasim.messaging.rpc.RpcServerFactory;
import org.novasim.nova.objects.NetworkRequestList;
import org.novasim.nova.objects.RequestSpec;
import org.novasim.testsupport.TestBroker;
import org.novasim.testsupport.TestDatabase;

import tools.jackson.databind.JsonNode;

/**
 * nova-api as a client sees it, with a stand-in conductor on the broker: version discovery, noauth2 tokens,
 * microversions, server create (its cast carrying the request id), validation, the views, errors in Nova's format
 * and admin-only APIs. Run on the embedded database and on PostgreSQL by the subclasses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class NovaApiContractTest {

    private static final String CIRROS = "a1c0a5b2-5c29-4d36-9a4f-3c6f0e6b7c01";

    private final RecordingScheduler scheduler = new RecordingScheduler();
    private NovaApiNode node;
    private ApiClient admin;
    private ApiClient alice;
    private Path state;

    abstract TestDatabase.Kind database();

    @BeforeAll
    void start() throws Exception {
        state = Files.createTempDirectory("nova-api-test");
        String conductorTopic = TestBroker.uniqueName("conductor");
        node = NovaApiNode.start(database(), state, TestBroker.uniqueName("test_api"), conductorTopic);
        node.context.getBean(RpcServerFactory.class).start(Target.topic(conductorTopic).withServer("stub"),
                List.of(scheduler));
        admin = node.admin;
        alice = admin.as("alice:project-a");
    }

    @AfterAll
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    private static Map<String, Object> server(Map<String, Object> fields) {
        return Map.of("server", fields);
    }

    private static Map<String, Object> tiny(String name) {
        return server(Map.of("name", name, "imageRef", CIRROS, "flavorRef", "1", "networks", "auto"));
    }

    private long instanceRows() {
        return node.context.getBean(JdbcClient.class).sql("SELECT COUNT(*) FROM instances").query(Long.class).single();
    }

    @Test
    void versionDiscoveryNeedsNoTokenAndSaysTheMicroversionsSupported() {
        ApiClient anonymous = admin.as(null);
        ApiClient.Response root = anonymous.get("/");
        assertThat(root.status()).isEqualTo(200);
        assertThat(root.json().get("versions").valueStream().map(v -> v.get("id").asString())).contains("v2.1");
        ApiClient.Response v21 = anonymous.get("/v2.1/");
        assertThat(v21.status()).isEqualTo(200);
        assertThat(v21.json().at("/version/status").asString()).isEqualTo("CURRENT");
        assertThat(v21.json().at("/version/min_version").asString()).isEqualTo("2.1");
        assertThat(v21.json().at("/version/version").asString()).isEqualTo("2.93");
    }

    @Test
    void everyOtherCallNeedsATokenAndEveryResponseCarriesARequestId() {
        ApiClient.Response anonymous = admin.as(null).get("/v2.1/servers");
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.json().at("/unauthorized/code").asInt()).isEqualTo(401);
        assertThat(admin.as("   ").get("/v2.1/servers").json().at("/unauthorized/code").asInt()).isEqualTo(401);
        assertThat(anonymous.header("X-Openstack-Request-Id")).startsWith("req-");

        ApiClient.Response ok = alice.get("/v2.1/flavors");
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.header("X-Openstack-Request-Id")).startsWith("req-")
                .isNotEqualTo(anonymous.header("X-Openstack-Request-Id"));
    }

    @Test
    void theActuatorIsOpenForHealthAndInfoAndForAdminsOnlyForTheRest() {
        ApiClient anonymous = admin.as(null);
        assertThat(anonymous.get("/actuator/health").status()).isEqualTo(200);
        assertThat(anonymous.get("/actuator/info").status()).isEqualTo(200);
        for (String endpoint : List.of("/actuator/rpc", "/actuator/metrics", "/actuator/prometheus")) {
            assertThat(anonymous.get(endpoint).json().at("/unauthorized/code").asInt()).as(endpoint).isEqualTo(401);
            assertThat(alice.get(endpoint).json().at("/forbidden/code").asInt()).as(endpoint).isEqualTo(403);
            assertThat(admin.get(endpoint).status()).as(endpoint).isEqualTo(200);
        }
    }

    @Test
    void theAdminPasswordIsNotStoredInClear() {
        ApiClient.Response created = alice.post("/v2.1/servers", server(Map.of("name", "secret", "imageRef", CIRROS,
                "flavorRef", "1", "networks", "none", "adminPass", "correct-horse-battery")));
        String id = created.json().at("/server/id").asString();
        assertThat(created.json().at("/server/adminPass").asString()).isEqualTo("correct-horse-battery");
        String stored = node.context.getBean(JdbcClient.class).sql("SELECT admin_pass_hash FROM instances WHERE uuid = ?")
                .param(id).query(String.class).single();
        assertThat(stored).doesNotContain("correct-horse-battery").matches("[0-9a-f]{32}:[0-9a-f]{64}");
    }

    @Test
    void microversionsAreAnsweredUpToTheMaximum() {
        assertThat(alice.get("/v2.1/flavors").header("OpenStack-API-Version")).isEqualTo("compute 2.1");
        assertThat(alice.get("/v2.1/flavors", "OpenStack-API-Version", "compute 2.10").header("OpenStack-API-Version"))
                .isEqualTo("compute 2.10");
        assertThat(alice.get("/v2.1/flavors", "OpenStack-API-Version", "compute latest").header("OpenStack-API-Version"))
                .isEqualTo("compute 2.93");
        ApiClient.Response tooNew = alice.get("/v2.1/flavors", "OpenStack-API-Version", "compute 2.95");
        assertThat(tooNew.status()).isEqualTo(406);
        assertThat(tooNew.json().at("/notAcceptable/message").asString()).contains("2.95");
        assertThat(alice.get("/v2.1/flavors", "X-OpenStack-Nova-API-Version", "two").status()).isEqualTo(400);
    }

    @Test
    void theClassicFlavorsAreListedAndShown() {
        JsonNode flavors = alice.get("/v2.1/flavors/detail").json().get("flavors");
        assertThat(flavors.valueStream().map(f -> f.get("name").asString()).toList())
                .containsExactly("m1.tiny", "m1.small", "m1.medium", "m1.large", "m1.xlarge");
        JsonNode tiny = alice.get("/v2.1/flavors/1").json().get("flavor");
        assertThat(tiny.get("ram").asInt()).isEqualTo(512);
        assertThat(tiny.get("vcpus").asInt()).isEqualTo(1);
        assertThat(tiny.get("disk").asInt()).isEqualTo(1);
        ApiClient.Response missing = alice.get("/v2.1/flavors/42");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().at("/itemNotFound/message").asString()).isEqualTo("Flavor 42 could not be found.");
    }

    @Test
    void aCreatedServerIsCastToTheConductorWithTheRequestIdAndShownBuilding() throws Exception {
        ApiClient.Response created = alice.post("/v2.1/servers", tiny("web-1"));
        assertThat(created.status()).as(created.toString()).isEqualTo(202);
        String id = created.json().at("/server/id").asString();
        assertThat(created.json().at("/server/adminPass").asString()).hasSize(12);
        assertThat(created.header("Location")).endsWith("/v2.1/servers/" + id);

        RecordingScheduler.Build build = scheduler.awaitBuildOf(id);
        assertThat(build).isNotNull();
        assertThat(build.instanceUuids()).containsExactly(id);
        assertThat(build.context().requestId()).isEqualTo(created.header("X-Openstack-Request-Id"));
        assertThat(build.context().userId()).isEqualTo("alice");
        assertThat(build.context().projectId()).isEqualTo("project-a");
        assertThat(build.requestedNetworks()).isEqualTo(NetworkRequestList.auto());
        assertThat(build.buildRequests().getFirst().instance().displayName()).isEqualTo("web-1");
        assertThat(build.buildRequests().getFirst().instance().flavor().flavorid()).isEqualTo("1");
        RequestSpec spec = build.requestSpecs().getFirst();
        assertThat(spec.instanceUuid()).isEqualTo(id);
        assertThat(spec.flavor().name()).isEqualTo("m1.tiny");
        assertThat(spec.image().id()).isEqualTo(CIRROS);
        assertThat(spec.userId()).isEqualTo("alice");
        assertThat(spec.requestedDestination()).isNull();

        JsonNode shown = alice.get("/v2.1/servers/" + id).json().get("server");
        assertThat(shown.get("status").asString()).isEqualTo("BUILD");
        assertThat(shown.get("OS-EXT-STS:vm_state").asString()).isEqualTo("building");
        assertThat(shown.get("OS-EXT-STS:task_state").asString()).isEqualTo("scheduling");
        assertThat(shown.get("OS-EXT-STS:power_state").asInt()).isZero();
        assertThat(shown.get("flavor").get("id").asString()).isEqualTo("1");
        assertThat(shown.get("image").get("id").asString()).isEqualTo(CIRROS);
        assertThat(shown.has("OS-EXT-SRV-ATTR:host")).as("host is for admins only").isFalse();
        assertThat(admin.get("/v2.1/servers/" + id).json().get("server").has("OS-EXT-SRV-ATTR:host")).isTrue();

        ApiClient.Response busy = alice.post("/v2.1/servers/" + id + "/action", Map.of("os-stop", Map.of()));
        assertThat(busy.status()).isEqualTo(409);
        assertThat(busy.json().at("/conflictingRequest/code").asInt()).isEqualTo(409);
    }

    @Test
    void flavorAndImageMayBeLinksAndCountsCreateSeveralServers() throws Exception {
        ApiClient.Response created = alice.post("/v2.1/servers", server(Map.of("name", "many",
                "imageRef", "http://127.0.0.1:8774/v2.1/images/" + CIRROS,
                "flavorRef", "http://127.0.0.1:8774/v2.1/flavors/2", "min_count", 3, "max_count", "3",
                "networks", "none", "metadata", Map.of("role", "test"))));
        assertThat(created.status()).as(created.toString()).isEqualTo(202);
        RecordingScheduler.Build build = scheduler.awaitBuildOf(created.json().at("/server/id").asString());
        assertThat(build.instanceUuids()).hasSize(3);
        assertThat(build.requestSpecs()).extracting(RequestSpec::instanceUuid)
                .containsExactlyElementsOf(build.instanceUuids());
        assertThat(build.requestSpecs()).allSatisfy(spec -> assertThat(spec.numInstances()).isEqualTo(3));
        assertThat(build.buildRequests()).extracting(b -> b.instance().displayName())
                .containsExactly("many-1", "many-2", "many-3");
        assertThat(build.requestedNetworks()).isEqualTo(NetworkRequestList.none());
        JsonNode listed = alice.get("/v2.1/servers/detail?name=%5Emany-").json().get("servers");
        assertThat(listed.valueStream().map(s -> s.get("name").asString()).sorted().toList())
                .containsExactly("many-1", "many-2", "many-3");
        assertThat(listed.get(0).get("metadata").get("role").asString()).isEqualTo("test");
        assertThat(listed.get(0).get("flavor").get("id").asString()).isEqualTo("2");
    }

    static Stream<Arguments> badBodies() {
        String longName = "x".repeat(256);
        return Stream.of(
                Arguments.of("not JSON", "{\"server\": ", "Malformed request body"),
                Arguments.of("no server", Map.of("srv", Map.of()), "'server' is a required property"),
                Arguments.of("no name", server(Map.of("imageRef", CIRROS, "flavorRef", "1")), "name"),
                Arguments.of("name not a string", server(Map.of("name", 7, "imageRef", CIRROS, "flavorRef", "1")), "name"),
                Arguments.of("blank name", server(Map.of("name", "  ", "imageRef", CIRROS, "flavorRef", "1")), "name"),
                Arguments.of("name too long", server(Map.of("name", longName, "imageRef", CIRROS, "flavorRef", "1")), "name"),
                Arguments.of("unknown field", server(Map.of("name", "a", "imageRef", CIRROS, "flavorRef", "1", "colour", "red")),
                        "'colour' was unexpected"),
                Arguments.of("no flavor", server(Map.of("name", "a", "imageRef", CIRROS)), "flavorRef"),
                Arguments.of("unknown flavor", server(Map.of("name", "a", "imageRef", CIRROS, "flavorRef", "99")),
                        "Flavor 99 could not be found."),
                Arguments.of("unknown image", server(Map.of("name", "a", "imageRef", "nope", "flavorRef", "1")),
                        "Can not find requested image"),
                Arguments.of("bad networks", server(Map.of("name", "a", "imageRef", CIRROS, "flavorRef", "1", "networks", "some")),
                        "networks"),
                Arguments.of("negative count", server(Map.of("name", "a", "imageRef", CIRROS, "flavorRef", "1", "min_count", -1)),
                        "min_count"),
                Arguments.of("huge count", server(Map.of("name", "a", "imageRef", CIRROS, "flavorRef", "1", "max_count", 100000)),
                        "Quota exceeded for instances"),
                Arguments.of("count not a number", server(Map.of("name", "a", "imageRef", CIRROS, "flavorRef", "1", "max_count", "ten")),
                        "max_count"),
                Arguments.of("min above max", server(Map.of("name", "a", "imageRef", CIRROS, "flavorRef", "1", "min_count", 3, "max_count", 2)),
                        "min_count must be <= max_count"),
                Arguments.of("metadata not an object", server(Map.of("name", "a", "imageRef", CIRROS, "flavorRef", "1", "metadata", "x")),
                        "metadata"),
                Arguments.of("metadata value too long", server(Map.of("name", "a", "imageRef", CIRROS, "flavorRef", "1",
                        "metadata", Map.of("k", longName))), "metadata"),
                Arguments.of("image too big for the flavor", server(Map.of("name", "a",
                        "imageRef", "b8d8f2f4-3e1a-4f5e-8f1e-7b2d9c0e4a02", "flavorRef", "1")), "Flavor's disk is too small"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBodies")
    void badCreateRequestsAre400InNovasFormatAndLeaveNothingBehind(String what, Object body, String says) {
        long before = instanceRows();
        ApiClient.Response response = alice.post("/v2.1/servers", body);
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.json().at("/badRequest/code").asInt()).isEqualTo(400);
        assertThat(response.json().at("/badRequest/message").asString()).contains(says);
        assertThat(instanceRows()).isEqualTo(before);
    }

    @Test
    void unknownServersAndOtherProjectsServersAreNotFound() {
        String id = alice.post("/v2.1/servers", tiny("private")).json().at("/server/id").asString();
        for (String path : List.of("/v2.1/servers/" + id, "/v2.1/servers/00000000-0000-0000-0000-000000000000")) {
            ApiClient.Response response = admin.as("bob:project-b").get(path);
            assertThat(response.status()).isEqualTo(404);
            assertThat(response.json().at("/itemNotFound/code").asInt()).isEqualTo(404);
        }
        assertThat(admin.as("bob:project-b").get("/v2.1/servers").json().get("servers").valueStream()
                .map(s -> s.get("id").asString())).doesNotContain(id);
        assertThat(admin.get("/v2.1/servers?all_tenants=1").json().get("servers").valueStream()
                .map(s -> s.get("id").asString())).contains(id);
        assertThat(admin.as("bob:project-b").delete("/v2.1/servers/" + id).status()).isEqualTo(404);
        assertThat(alice.post("/v2.1/servers/" + id + "/action", Map.of("resize", Map.of())).status()).isEqualTo(400);
        assertThat(alice.get("/v2.1/no-such-thing").json().at("/itemNotFound/code").asInt()).isEqualTo(404);
    }

    @Test
    void aServerWithoutAHostIsDeletedLocally() {
        String id = alice.post("/v2.1/servers", tiny("short-lived")).json().at("/server/id").asString();
        assertThat(alice.delete("/v2.1/servers/" + id).status()).isEqualTo(204);
        assertThat(alice.get("/v2.1/servers/" + id).status()).isEqualTo(404);
        assertThat(alice.get("/v2.1/servers").json().get("servers").valueStream().map(s -> s.get("id").asString()))
                .doesNotContain(id);
    }

    @Test
    void aServerOnALiveHostMayBeDeletedInTheMiddleOfItsBuildButOnlyOnce() {
        String id = alice.post("/v2.1/servers", tiny("half-built")).json().at("/server/id").asString();
        JdbcClient jdbc = node.context.getBean(JdbcClient.class);
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.sql("INSERT INTO services (uuid, host, \"binary\", topic, created_at, updated_at)"
                + " VALUES ('s-building', 'host-building', 'nova-compute', 'compute', ?, ?)").params(now, now).update();
        jdbc.sql("UPDATE instances SET host = 'host-building', task_state = 'spawning' WHERE uuid = ?").param(id).update();

        assertThat(alice.delete("/v2.1/servers/" + id).status()).isEqualTo(204);
        JsonNode server = alice.get("/v2.1/servers/" + id).json().get("server");
        assertThat(server.get("OS-EXT-STS:task_state").asString()).isEqualTo("deleting");
        assertThat(alice.delete("/v2.1/servers/" + id).json().at("/conflictingRequest/code").asInt()).isEqualTo(409);
    }

    @Test
    void servicesAndHypervisorsAreForAdminsAndShowHeartbeatsAndUsage() {
        JdbcClient jdbc = node.context.getBean(JdbcClient.class);
        Timestamp now = Timestamp.from(Instant.now());
        Timestamp longAgo = Timestamp.from(Instant.now().minusSeconds(600));
        jdbc.sql("INSERT INTO services (uuid, host, \"binary\", topic, created_at, updated_at) VALUES"
                + " ('s-up', 'host-up', 'nova-compute', 'compute', ?, ?), ('s-down', 'host-down', 'nova-compute', 'compute', ?, ?)")
                .params(now, now, longAgo, longAgo).update();

        ApiClient.Response refused = alice.get("/v2.1/os-services");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().at("/forbidden/code").asInt()).isEqualTo(403);
        assertThat(alice.get("/v2.1/os-hypervisors").status()).isEqualTo(403);

        JsonNode services = admin.get("/v2.1/os-services").json().get("services");
        Map<String, String> states = new java.util.HashMap<>();
        services.valueStream().forEach(s -> states.put(s.get("host").asString(), s.get("state").asString()));
        assertThat(states).containsEntry("host-up", "up").containsEntry("host-down", "down");
        assertThat(admin.get("/v2.1/os-hypervisors/detail").status()).isEqualTo(200);

        jdbc.sql("INSERT INTO compute_nodes (uuid, host, hypervisor_hostname, hypervisor_type, vcpus, memory_mb,"
                + " local_gb, created_at) VALUES ('n-up', 'host-up', 'node-up', 'fake', 8, 16384, 200, ?),"
                + " ('n-down', 'host-down', 'node-down', 'fake', 4, 8192, 100, ?)").params(now, now).update();
        // Usage comes from placement's allocations (see the placement test); none here.
        Map<String, JsonNode> nodes = new java.util.HashMap<>();
        admin.get("/v2.1/os-hypervisors/detail").json().get("hypervisors").valueStream()
                .forEach(h -> nodes.put(h.get("hypervisor_hostname").asString(), h));
        assertThat(nodes.get("node-up").get("state").asString()).isEqualTo("up");
        assertThat(nodes.get("node-up").get("running_vms").asInt()).isZero();
        assertThat(nodes.get("node-up").get("memory_mb_used").asInt()).as("the reservation counts as used").isEqualTo(512);
        assertThat(nodes.get("node-down").get("state").asString()).isEqualTo("down");
        assertThat(nodes.get("node-down").get("vcpus").asInt()).isEqualTo(4);
    }

    @Test
    void placementShowsRatiosReservationsUsagesAndAllocationsAndALocalDeleteGivesTheRoomBack() {
        JdbcClient jdbc = node.context.getBean(JdbcClient.class);
        String provider = java.util.UUID.randomUUID().toString();
        // A node as nova-compute reports it with Nova's defaults (the migration's column defaults), and one instance
        // of m1.tiny claimed on it by the conductor; its host's service never reported, so it is down.
        jdbc.sql("INSERT INTO compute_nodes (uuid, host, hypervisor_hostname, hypervisor_type, vcpus, memory_mb,"
                + " local_gb, reserved_host_disk_mb, created_at) VALUES (?, 'host-p', 'host-p', 'fake', 8, 16384, 200,"
                + " 1536, CURRENT_TIMESTAMP)").param(provider).update();
        String id = alice.post("/v2.1/servers", tiny("placed")).json().at("/server/id").asString();
        jdbc.sql("UPDATE instances SET host = 'host-p', node = 'host-p' WHERE uuid = ?").param(id).update();
        jdbc.sql("INSERT INTO allocations (consumer_uuid, compute_node_id, vcpus, memory_mb, disk_gb, created_at)"
                + " SELECT ?, id, 1, 512, 1, CURRENT_TIMESTAMP FROM compute_nodes WHERE uuid = ?")
                .params(id, provider).update();
        jdbc.sql("UPDATE compute_nodes SET vcpus_used = 1, memory_mb_used = 512, local_gb_used = 1, running_vms = 1,"
                + " generation = 1 WHERE uuid = ?").param(provider).update();
        String rp = "/placement/resource_providers/" + provider;

        assertThat(alice.get(rp + "/inventories").status()).isEqualTo(403);
        assertThat(alice.get(rp + "/inventories").json().at("/errors/0/title").asString()).isEqualTo("Forbidden");
        assertThat(admin.get("/placement/resource_providers").json().get("resource_providers").valueStream()
                .filter(p -> p.get("uuid").asString().equals(provider)).map(p -> p.get("name").asString()))
                .containsExactly("host-p");
        JsonNode inventories = admin.get(rp + "/inventories").json();
        assertThat(inventories.get("resource_provider_generation").asLong()).isEqualTo(1);
        assertThat(inventories.at("/inventories/VCPU/allocation_ratio").asDouble()).isEqualTo(4.0);
        assertThat(inventories.at("/inventories/VCPU/total").asInt()).isEqualTo(8);
        assertThat(inventories.at("/inventories/VCPU/max_unit").asInt()).isEqualTo(8);
        assertThat(inventories.at("/inventories/MEMORY_MB/reserved").asInt()).isEqualTo(512);
        assertThat(inventories.at("/inventories/MEMORY_MB/allocation_ratio").asDouble()).isEqualTo(1.0);
        assertThat(inventories.at("/inventories/DISK_GB/reserved").asInt()).as("1536 MB, rounded up").isEqualTo(2);
        assertThat(admin.get(rp + "/usages").json().at("/usages/MEMORY_MB").asInt()).isEqualTo(512);
        assertThat(admin.get("/placement/allocations/" + id).json().at("/allocations/" + provider + "/resources/VCPU")
                .asInt()).isEqualTo(1);
        assertThat(admin.get(rp + "/allocations").json().at("/allocations/" + id + "/resources/DISK_GB").asInt())
                .isEqualTo(1);
        JsonNode hypervisor = hypervisor("host-p");
        assertThat(hypervisor.get("memory_mb_used").asInt()).as("the reservation counts as used").isEqualTo(1024);
        assertThat(hypervisor.get("free_ram_mb").asInt()).isEqualTo(15360);
        assertThat(hypervisor.get("vcpus_used").asInt()).isEqualTo(1);
        assertThat(hypervisor.get("local_gb_used").asInt()).as("1 GB reserved (1536 MB) + 1").isEqualTo(2);
        assertThat(hypervisor.get("running_vms").asInt()).isEqualTo(1);

        assertThat(alice.delete("/v2.1/servers/" + id).status()).isEqualTo(204);

        assertThat(admin.get(rp + "/usages").json().at("/usages/VCPU").asInt()).isZero();
        assertThat(admin.get("/placement/allocations/" + id).json().get("allocations").size()).isZero();
        assertThat(hypervisor("host-p").get("running_vms").asInt()).isZero();
        ApiClient.Response missing = admin.get("/placement/resource_providers/no-such-provider/usages");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().at("/errors/0/detail").asString()).contains("no-such-provider");
    }

    private JsonNode hypervisor(String hostname) {
        return admin.get("/v2.1/os-hypervisors/detail").json().get("hypervisors").valueStream()
                .filter(h -> h.get("hypervisor_hostname").asString().equals(hostname)).findFirst().orElseThrow();
    }

    @Test
    void theImageCatalogAnswersTheWayTheOpenstackClientLooksImagesUp() {
        JsonNode images = alice.get("/v2.1/images").json().get("images");
        assertThat(images.valueStream().map(i -> i.get("name").asString())).contains("cirros-0.6.2-x86_64-disk");
        assertThat(alice.get("/v2.1/images?name=ubuntu-22.04").json().get("images").valueStream()
                .map(i -> i.get("id").asString())).containsExactly("b8d8f2f4-3e1a-4f5e-8f1e-7b2d9c0e4a02");
        JsonNode cirros = alice.get("/v2.1/images/" + CIRROS).json();
        assertThat(cirros.get("name").asString()).isEqualTo("cirros-0.6.2-x86_64-disk");
        assertThat(cirros.get("status").asString()).isEqualTo("active");
        assertThat(cirros.get("min_disk").asInt()).isEqualTo(1);
        assertThat(alice.get("/v2.1/images/cirros-0.6.2-x86_64-disk").status()).as("by id only, as Glance").isEqualTo(404);
    }
}
