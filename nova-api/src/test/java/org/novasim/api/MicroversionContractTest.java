package org.novasim.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.FileSystemUtils;

import org.novasim.messaging.Target;
import org.novasim.messaging.wire.OsloJson;
import org.novasim.messaging.rpc.RpcServerFactory;
import org.novasim.nova.network.Ip;
import org.novasim.nova.network.Network;
import org.novasim.nova.network.Subnet;
import org.novasim.nova.network.Vif;
import org.novasim.nova.objects.Destination;
import org.novasim.testsupport.TestBroker;
import org.novasim.testsupport.TestDatabase;

import tools.jackson.databind.JsonNode;

/**
 * The compute API microversions 2.1 to 2.93 as Nova Zed answers them: the headers, and at each version boundary
 * that changes something NovaSim serves, the request just below the version and at it, each showing the change
 * (a field appearing or going, a check starting). nova-api with a stand-in conductor, on the embedded database and on
 * PostgreSQL by the subclasses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class MicroversionContractTest {

    private static final String CIRROS = "a1c0a5b2-5c29-4d36-9a4f-3c6f0e6b7c01";

    private final RecordingScheduler scheduler = new RecordingScheduler();
    private NovaApiNode node;
    private ApiClient admin;
    private ApiClient alice;
    private JdbcClient jdbc;
    private Path state;

    abstract TestDatabase.Kind database();

    @BeforeAll
    void start() throws Exception {
        state = Files.createTempDirectory("nova-api-microversions");
        String conductorTopic = TestBroker.uniqueName("conductor");
        node = NovaApiNode.start(database(), state, TestBroker.uniqueName("test_mv"), conductorTopic);
        node.context.getBean(RpcServerFactory.class).start(Target.topic(conductorTopic).withServer("stub"),
                List.of(scheduler));
        admin = node.admin;
        alice = admin.as("alice:project-mv");
        jdbc = node.context.getBean(JdbcClient.class);
    }

    @AfterAll
    void stop() throws Exception {
        if (node != null) {
            node.close();
        }
        FileSystemUtils.deleteRecursively(state);
    }

    /** The header asking for 2.N. */
    private static String[] at(int minor) {
        return new String[] {"OpenStack-API-Version", "compute 2." + minor};
    }

    private static Map<String, Object> server(Map<String, Object> fields) {
        return Map.of("server", fields);
    }

    private String boot(String name) {
        ApiClient.Response created = alice.post("/v2.1/servers", server(Map.of("name", name, "imageRef", CIRROS,
                "flavorRef", "1", "networks", "none")));
        assertThat(created.status()).as(created.toString()).isEqualTo(202);
        return created.json().at("/server/id").asString();
    }

    private JsonNode show(ApiClient client, String id, int minor) {
        ApiClient.Response shown = client.get("/v2.1/servers/" + id, at(minor));
        assertThat(shown.status()).as(shown.toString()).isEqualTo(200);
        return shown.json().get("server");
    }

    private void service(String host, Instant lastSeen, boolean disabled, boolean forcedDown) {
        jdbc.sql("INSERT INTO services (uuid, host, \"binary\", topic, disabled, forced_down, created_at, updated_at)"
                        + " VALUES (?, ?, 'nova-compute', 'compute', ?, ?, ?, ?)")
                .params(UUID.randomUUID().toString(), host, disabled, forcedDown, Timestamp.from(lastSeen),
                        Timestamp.from(lastSeen)).update();
    }

    private void computeNode(String host) {
        jdbc.sql("INSERT INTO compute_nodes (uuid, host, hypervisor_hostname, hypervisor_type, vcpus, memory_mb,"
                        + " local_gb, created_at) VALUES (?, ?, ?, 'fake', 8, 16384, 200, CURRENT_TIMESTAMP)")
                .params(UUID.randomUUID().toString(), host, host).update();
    }

    // ---- headers and version discovery

    @Test
    void theVersionDocumentsSay2Point1To2Point93() {
        ApiClient anonymous = admin.as(null);
        assertThat(anonymous.get("/v2.1/").json().at("/version/version").asString()).isEqualTo("2.93");
        assertThat(anonymous.get("/v2.1/").json().at("/version/min_version").asString()).isEqualTo("2.1");
        JsonNode current = anonymous.get("/").json().get("versions").valueStream()
                .filter(v -> v.get("id").asString().equals("v2.1")).findFirst().orElseThrow();
        assertThat(current.get("version").asString()).isEqualTo("2.93");
    }

    @Test
    void theVersionIsReadFromEitherHeaderAndEchoedWithVary() {
        ApiClient.Response latest = alice.get("/v2.1/flavors", "OpenStack-API-Version", "compute latest");
        assertThat(latest.header("OpenStack-API-Version")).isEqualTo("compute 2.93");
        assertThat(latest.header("X-OpenStack-Nova-API-Version")).isEqualTo("2.93");
        assertThat(latest.header("Vary")).contains("OpenStack-API-Version").contains("X-OpenStack-Nova-API-Version");
        assertThat(alice.get("/v2.1/flavors", "X-OpenStack-Nova-API-Version", "2.60").header("OpenStack-API-Version"))
                .isEqualTo("compute 2.60");
        assertThat(alice.get("/v2.1/flavors", "X-OpenStack-Nova-API-Version", "latest").header("OpenStack-API-Version"))
                .isEqualTo("compute 2.93");
        // The standard header wins; one naming only another service leaves the legacy header to decide.
        assertThat(alice.get("/v2.1/flavors", "OpenStack-API-Version", "compute 2.50", "X-OpenStack-Nova-API-Version",
                "2.60").header("OpenStack-API-Version")).isEqualTo("compute 2.50");
        assertThat(alice.get("/v2.1/flavors", "OpenStack-API-Version", "identity 3.0", "X-OpenStack-Nova-API-Version",
                "2.60").header("OpenStack-API-Version")).isEqualTo("compute 2.60");
        assertThat(alice.get("/v2.1/flavors", "OpenStack-API-Version", "identity 3.0, compute 2.92")
                .header("OpenStack-API-Version")).isEqualTo("compute 2.92");
    }

    @Test
    void aVersionAbove2Point93Is406AndAMalformedOne400AsInNova() {
        ApiClient.Response tooNew = alice.get("/v2.1/servers", at(94));
        assertThat(tooNew.status()).isEqualTo(406);
        assertThat(tooNew.json().at("/notAcceptable/message").asString())
                .isEqualTo("Version 2.94 is not supported by the API. Minimum is 2.1 and maximum is 2.93.");
        assertThat(alice.get("/v2.1/servers", at(93)).status()).isEqualTo(200);
        ApiClient.Response clientSide = alice.get("/v2.1/servers", "OpenStack-API-Version", "compute 2.latest");
        assertThat(clientSide.status()).as("2.latest is the clients' notation, not the API's").isEqualTo(400);
        assertThat(clientSide.json().at("/badRequest/message").asString()).isEqualTo("API Version String 2.latest is"
                + " of invalid format. Must be of format MajorNum.MinorNum.");
    }

    // ---- servers: the fields each version adds

    /** A server field, who sees it, and the version adding it. */
    static Stream<Arguments> serverFields() {
        return Stream.of(
                Arguments.of("OS-EXT-SRV-ATTR:reservation_id", true, 3),
                Arguments.of("OS-EXT-SRV-ATTR:launch_index", true, 3),
                Arguments.of("OS-EXT-SRV-ATTR:hostname", true, 3),
                Arguments.of("locked", false, 9),
                Arguments.of("host_status", true, 16),
                Arguments.of("description", false, 19),
                Arguments.of("tags", false, 26),
                Arguments.of("trusted_image_certificates", false, 63),
                Arguments.of("locked_reason", false, 73),
                Arguments.of("OS-EXT-SRV-ATTR:hostname", false, 90));
    }

    @ParameterizedTest(name = "{0} (admin {1}) from 2.{2}")
    @MethodSource("serverFields")
    void aServerFieldAppearsAtItsVersionInShowAndDetail(String field, boolean asAdmin, int since) {
        String id = boot("fields-" + since);
        ApiClient client = asAdmin ? admin : alice;
        assertThat(show(client, id, since - 1).has(field)).as("2.%d", since - 1).isFalse();
        assertThat(show(client, id, since).has(field)).as("2.%d", since).isTrue();
        String list = "/v2.1/servers/detail?all_tenants=" + asAdmin + "&name=%5Efields-" + since + "%24";
        assertThat(client.get(list, at(since)).json().at("/servers/0").has(field)).isTrue();
        assertThat(client.get(list, at(since - 1)).json().at("/servers/0").has(field)).isFalse();
    }

    @Test
    void theNewFieldsHoldNovasValuesForAServerGivenNone() {
        String id = alice.post("/v2.1/servers", server(Map.of("name", "Web_Server.01", "imageRef", CIRROS,
                "flavorRef", "1", "networks", "none")), at(93)).json().at("/server/id").asString();
        JsonNode server = show(admin, id, 93);
        assertThat(server.get("locked").asBoolean()).isFalse();
        assertThat(server.get("locked_reason").isNull()).isTrue();
        assertThat(server.get("description").isNull()).isTrue();
        assertThat(server.get("tags").isEmpty()).isTrue();
        assertThat(server.get("trusted_image_certificates").isNull()).isTrue();
        assertThat(server.get("server_groups").isEmpty()).isTrue();
        assertThat(server.get("OS-EXT-SRV-ATTR:hostname").asString()).as("Nova's sanitize_hostname")
                .isEqualTo("web-server-01");
        assertThat(server.get("OS-EXT-SRV-ATTR:launch_index").asInt()).isZero();
        assertThat(server.get("OS-EXT-SRV-ATTR:reservation_id").asString()).startsWith("r-");
        assertThat(server.get("host_status").asString()).as("no host yet").isEmpty();
        assertThat(show(alice, id, 93).has("host_status")).as("admins only").isFalse();
        assertThat(show(alice, id, 93).has("OS-EXT-SRV-ATTR:reservation_id")).as("admins only").isFalse();
    }

    @Test
    void theFlavorIsItsIdBelow2Point47AndItsDetailsFromIt() {
        String id = boot("flavored");
        JsonNode before = show(alice, id, 46).get("flavor");
        assertThat(before.get("id").asString()).isEqualTo("1");
        assertThat(before.has("original_name")).isFalse();
        JsonNode embedded = show(alice, id, 47).get("flavor");
        assertThat(embedded.has("id")).isFalse();
        assertThat(embedded.get("original_name").asString()).isEqualTo("m1.tiny");
        assertThat(embedded.get("vcpus").asInt()).isEqualTo(1);
        assertThat(embedded.get("ram").asInt()).isEqualTo(512);
        assertThat(embedded.get("disk").asInt()).isEqualTo(1);
        assertThat(embedded.get("ephemeral").asInt()).isZero();
        assertThat(embedded.get("swap").asInt()).isZero();
        assertThat(embedded.get("extra_specs").isObject()).isTrue();
    }

    @Test
    void serverGroupsAreInShowFrom2Point71ButNotInDetail() {
        String id = boot("grouped");
        assertThat(show(alice, id, 70).has("server_groups")).isFalse();
        assertThat(show(alice, id, 71).get("server_groups").isArray()).isTrue();
        assertThat(alice.get("/v2.1/servers/detail?name=%5Egrouped%24", at(93)).json().at("/servers/0")
                .has("server_groups")).isFalse();
    }

    @Test
    void hostStatusFollowsTheHostsComputeService() {
        Map<String, String> expected = Map.of("hs-up", "UP", "hs-stale", "UNKNOWN", "hs-disabled", "MAINTENANCE",
                "hs-forced", "DOWN", "hs-none", "");
        service("hs-up", Instant.now(), false, false);
        service("hs-stale", Instant.now().minusSeconds(3600), false, false);
        service("hs-disabled", Instant.now(), true, false);
        service("hs-forced", Instant.now(), false, true);
        expected.forEach((host, status) -> {
            String id = boot("status-" + host);
            jdbc.sql("UPDATE instances SET host = ? WHERE uuid = ?").params(host, id).update();
            assertThat(show(admin, id, 16).get("host_status").asString()).as(host).isEqualTo(status);
        });
    }

    // ---- server create: what each version's schema takes

    static Stream<Arguments> createFields() {
        return Stream.of(
                Arguments.of("description", null, 19),
                Arguments.of("tags", List.of(), 52),
                Arguments.of("trusted_image_certificates", null, 63),
                Arguments.of("hostname", "created-90", 90));
    }

    @ParameterizedTest(name = "{0} from 2.{2}")
    @MethodSource("createFields")
    void aCreateFieldIsUnexpectedBelowItsVersionAndTakenFromIt(String field, Object value, int since) {
        java.util.Map<String, Object> fields = new java.util.HashMap<>(Map.of("name", "create-" + since,
                "imageRef", CIRROS, "flavorRef", "1", "networks", "none"));
        fields.put(field, value);
        ApiClient.Response below = alice.post("/v2.1/servers", server(fields), at(since - 1));
        assertThat(below.status()).isEqualTo(400);
        assertThat(below.json().at("/badRequest/message").asString()).contains("('" + field + "' was unexpected)");
        ApiClient.Response taken = alice.post("/v2.1/servers", server(fields), at(since));
        assertThat(taken.status()).as(taken.toString()).isEqualTo(202);
    }

    @Test
    void whatCreateIsGivenIsKeptAndShownAtItsVersion() {
        java.util.Map<String, Object> fields = new java.util.HashMap<>(Map.of("name", "given all", "imageRef", CIRROS,
                "flavorRef", "1", "networks", "none"));
        fields.putAll(Map.of("description", "a web server", "tags", List.of("web", "prod", "web"),
                "trusted_image_certificates", List.of("cert-1", "cert-2"), "hostname", "web-1"));
        ApiClient.Response created = alice.post("/v2.1/servers", server(fields), at(93));
        assertThat(created.status()).as(created.toString()).isEqualTo(202);
        String id = created.json().at("/server/id").asString();
        JsonNode shown = show(alice, id, 93);
        assertThat(shown.get("description").asString()).isEqualTo("a web server");
        assertThat(shown.get("tags").valueStream().map(JsonNode::asString)).as("each once")
                .containsExactly("prod", "web");
        assertThat(shown.get("trusted_image_certificates").valueStream().map(JsonNode::asString))
                .containsExactly("cert-1", "cert-2");
        assertThat(shown.get("OS-EXT-SRV-ATTR:hostname").asString()).isEqualTo("web-1");
        assertThat(show(admin, id, 3).get("OS-EXT-SRV-ATTR:hostname").asString()).isEqualTo("web-1");
        JsonNode listed = alice.get("/v2.1/servers/detail?name=%5Egiven%20all%24", at(93)).json().at("/servers/0");
        assertThat(listed.get("description").asString()).isEqualTo("a web server");
        assertThat(listed.get("tags").size()).isEqualTo(2);
        assertThat(listed.get("trusted_image_certificates").size()).isEqualTo(2);
        assertThat(jdbc.sql("SELECT trusted_certs FROM instance_extra WHERE instance_uuid = ?").param(id)
                .query(String.class).single()).as("Nova's TrustedCerts object, as instance_extra holds it")
                .contains("\"nova_object.name\":\"TrustedCerts\"").contains("\"ids\":[\"cert-1\",\"cert-2\"]");
    }

    @Test
    void aServerCreatedBelow2Point19IsDescribedByItsName() {
        ApiClient.Response created = alice.post("/v2.1/servers", server(Map.of("name", "old-style", "imageRef",
                CIRROS, "flavorRef", "1", "networks", "none")), at(18));
        String id = created.json().at("/server/id").asString();
        assertThat(show(alice, id, 19).get("description").asString()).isEqualTo("old-style");
    }

    @Test
    void severalServersGetNumberedHostnamesAndOneHostnameCannotNameThem() {
        ApiClient erin = admin.as("erin:project-hostnames");
        Map<String, Object> fields = Map.of("name", "Web Farm", "imageRef", CIRROS, "flavorRef", "1",
                "networks", "none", "max_count", 2);
        assertThat(erin.post("/v2.1/servers", server(fields), at(93)).status()).isEqualTo(202);
        assertThat(erin.get("/v2.1/servers/detail", at(93)).json().get("servers").valueStream()
                .map(s -> s.get("name").asString() + "=" + s.get("OS-EXT-SRV-ATTR:hostname").asString()))
                .containsExactlyInAnyOrder("Web Farm-1=web-farm-1", "Web Farm-2=web-farm-2");
        java.util.Map<String, Object> named = new java.util.HashMap<>(fields);
        named.put("hostname", "web");
        ApiClient.Response refused = erin.post("/v2.1/servers", server(named), at(93));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().at("/badRequest/message").asString())
                .isEqualTo("Unable to allocate a single hostname to multiple instances");
    }

    @Test
    void theCreateSchemaChecksTheNewFieldsInNovasTerms() {
        Map<String, Object> base = Map.of("name", "checked", "imageRef", CIRROS, "flavorRef", "1", "networks", "none");
        java.util.Map<String, Object> badTag = new java.util.HashMap<>(base);
        badTag.put("tags", List.of("a/b"));
        assertThat(alice.post("/v2.1/servers", server(badTag), at(52)).json().at("/badRequest/message").asString())
                .startsWith("Invalid input for field/attribute tags.");
        java.util.Map<String, Object> longDescription = new java.util.HashMap<>(base);
        longDescription.put("description", "d".repeat(256));
        assertThat(alice.post("/v2.1/servers", server(longDescription), at(19)).json().at("/badRequest/message")
                .asString()).startsWith("Invalid input for field/attribute description.");
        java.util.Map<String, Object> badHostname = new java.util.HashMap<>(base);
        badHostname.put("hostname", "-web");
        assertThat(alice.post("/v2.1/servers", server(badHostname), at(90)).json().at("/badRequest/message")
                .asString()).startsWith("Invalid input for field/attribute hostname.");
        assertThat(alice.post("/v2.1/servers", server(badHostname), at(89)).json().at("/badRequest/message")
                .asString()).contains("('hostname' was unexpected)");
    }

    @Test
    void personalityIsTakenUntil2Point56AndUnexpectedFrom2Point57() {
        java.util.Map<String, Object> fields = new java.util.HashMap<>(Map.of("name", "personal", "imageRef", CIRROS,
                "flavorRef", "1", "networks", "none"));
        fields.put("personality", List.of(Map.of("path", "/etc/motd", "contents", "aGVsbG8=")));
        assertThat(alice.post("/v2.1/servers", server(fields), at(56)).status()).isEqualTo(202);
        ApiClient.Response gone = alice.post("/v2.1/servers", server(fields), at(57));
        assertThat(gone.status()).isEqualTo(400);
        assertThat(gone.json().at("/badRequest/message").asString()).contains("('personality' was unexpected)");
    }

    @Test
    void networksAreOptionalUntil2Point36AndRequiredFrom2Point37() {
        Map<String, Object> fields = Map.of("name", "netless", "imageRef", CIRROS, "flavorRef", "1");
        assertThat(alice.post("/v2.1/servers", server(fields), at(36)).status()).isEqualTo(202);
        ApiClient.Response required = alice.post("/v2.1/servers", server(fields), at(37));
        assertThat(required.status()).isEqualTo(400);
        assertThat(required.json().at("/badRequest/message").asString()).contains("'networks' is a required property");
    }

    @Test
    void aRequestedHostIsUnexpectedBelow2Point74AndForAdminsAndCheckedFromIt() throws Exception {
        Map<String, Object> fields = Map.of("name", "pinned", "imageRef", CIRROS, "flavorRef", "1", "networks",
                "none", "host", "nowhere");
        assertThat(admin.post("/v2.1/servers", server(fields), at(73)).json().at("/badRequest/message").asString())
                .contains("('host' was unexpected)");
        ApiClient.Response notAdmin = alice.post("/v2.1/servers", server(fields), at(74));
        assertThat(notAdmin.status()).isEqualTo(403);
        assertThat(notAdmin.json().at("/forbidden/message").asString())
                .isEqualTo("Policy doesn't allow compute:servers:create:requested_destination to be performed.");
        assertThat(admin.post("/v2.1/servers", server(fields), at(74)).json().at("/badRequest/message").asString())
                .isEqualTo("Compute host nowhere could not be found.");

        computeNode("hv-pinned");
        ApiClient.Response pinned = admin.post("/v2.1/servers", server(Map.of("name", "pinned", "imageRef", CIRROS,
                "flavorRef", "1", "networks", "none", "host", "hv-pinned", "hypervisor_hostname", "hv-pinned")), at(74));
        assertThat(pinned.status()).as(pinned.toString()).isEqualTo(202);
        RecordingScheduler.Build build = scheduler.awaitBuildOf(pinned.json().at("/server/id").asString());
        assertThat(build.requestSpecs().getFirst().requestedDestination())
                .isEqualTo(new Destination("hv-pinned", "hv-pinned"));
        ApiClient.Response nodeOnly = admin.post("/v2.1/servers", server(Map.of("name", "on-node", "imageRef", CIRROS,
                "flavorRef", "1", "networks", "none", "hypervisor_hostname", "hv-pinned")), at(74));
        assertThat(nodeOnly.status()).as(nodeOnly.toString()).isEqualTo(202);
        assertThat(scheduler.awaitBuildOf(nodeOnly.json().at("/server/id").asString()).requestSpecs().getFirst()
                .requestedDestination()).isEqualTo(new Destination(null, "hv-pinned"));
    }

    // ---- server update

    @Test
    void anUpdateRenamesAndFrom2Point19DescribesAndFrom2Point90SetsTheHostname() {
        String id = boot("to-update");
        ApiClient.Response renamed = alice.put("/v2.1/servers/" + id, server(Map.of("name", "updated")), at(1));
        assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);
        assertThat(renamed.json().at("/server/name").asString()).isEqualTo("updated");
        assertThat(renamed.json().at("/server").has("OS-EXT-STS:vm_state")).as("below 2.75, Nova's short view")
                .isFalse();
        assertThat(show(admin, id, 93).get("OS-EXT-SRV-ATTR:hostname").asString())
                .as("a rename keeps the hostname, as in Nova").isEqualTo("to-update");

        ApiClient.Response early = alice.put("/v2.1/servers/" + id, server(Map.of("description", "web")), at(18));
        assertThat(early.status()).isEqualTo(400);
        assertThat(early.json().at("/badRequest/message").asString()).contains("('description' was unexpected)");
        ApiClient.Response described = alice.put("/v2.1/servers/" + id, server(Map.of("description", "web")),
                at(19));
        assertThat(described.json().at("/server/description").asString()).isEqualTo("web");
        java.util.Map<String, Object> cleared = new java.util.HashMap<>();
        cleared.put("description", null);
        assertThat(alice.put("/v2.1/servers/" + id, server(cleared), at(19)).json().at("/server/description")
                .isNull()).as("null removes it").isTrue();

        assertThat(alice.put("/v2.1/servers/" + id, server(Map.of("description", "bell\u0007")), at(19)).json()
                .at("/badRequest/message").asString()).as("Nova's printable characters only")
                .startsWith("Invalid input for field/attribute description.");
        assertThat(alice.put("/v2.1/servers/" + id, server(Map.of("hostname", "web-2")), at(89)).json()
                .at("/badRequest/message").asString()).contains("('hostname' was unexpected)");
        ApiClient.Response hostnamed = alice.put("/v2.1/servers/" + id, server(Map.of("hostname", "web-2")), at(90));
        assertThat(hostnamed.json().at("/server/OS-EXT-SRV-ATTR:hostname").asString()).isEqualTo("web-2");
        assertThat(alice.put("/v2.1/servers/" + id, server(Map.of("hostname", "web_2")), at(90)).json()
                .at("/badRequest/message").asString()).startsWith("Invalid input for field/attribute hostname.");
        JsonNode full = alice.put("/v2.1/servers/" + id, server(Map.of("name", "updated")), at(75)).json()
                .get("server");
        assertThat(full.get("OS-EXT-STS:vm_state").asString()).as("from 2.75, all of GET's fields")
                .isEqualTo("building");
        assertThat(show(alice, id, 93).get("OS-EXT-SRV-ATTR:hostname").asString()).isEqualTo("web-2");
    }

    @Test
    void anUpdateAnswersWithPlainAddressesBelow2Point75AndExtendedFromIt() {
        String id = activeServer("addressed");
        Subnet subnet = new Subnet("10.0.0.0/24", 4, Ip.gateway("10.0.0.1"), List.of(), List.of(),
                List.of(Ip.fixed("10.0.0.7")), Map.of());
        Vif vif = new Vif("vif-1", "fa:16:3e:00:00:07", "bridge", Map.of(), null, null, null, null, false, "normal",
                null, false, Map.of(), new Network("net-1", "br100", "private", List.of(subnet), Map.of()));
        jdbc.sql("UPDATE instances SET network_info = ? WHERE uuid = ?")
                .params(OsloJson.mapper().writeValueAsString(List.of(vif)), id).update();
        JsonNode plain = alice.put("/v2.1/servers/" + id, server(Map.of("name", "addressed")), at(74)).json()
                .at("/server/addresses/private/0");
        assertThat(plain.get("addr").asString()).isEqualTo("10.0.0.7");
        assertThat(plain.has("OS-EXT-IPS-MAC:mac_addr")).isFalse();
        JsonNode extended = alice.put("/v2.1/servers/" + id, server(Map.of("name", "addressed")), at(75)).json()
                .at("/server/addresses/private/0");
        assertThat(extended.get("OS-EXT-IPS-MAC:mac_addr").asString()).isEqualTo("fa:16:3e:00:00:07");
        assertThat(show(alice, id, 1).at("/addresses/private/0/OS-EXT-IPS:type").asString()).isEqualTo("fixed");
    }

    @Test
    void anUpdateOfSomeoneElsesServerIsNotFound() {
        String id = boot("not-bobs");
        ApiClient bob = admin.as("bob:project-other");
        ApiClient.Response refused = bob.put("/v2.1/servers/" + id, server(Map.of("name", "mine")), at(93));
        assertThat(refused.status()).isEqualTo(404);
        assertThat(refused.json().at("/itemNotFound/message").asString())
                .isEqualTo("Instance " + id + " could not be found.");
        assertThat(show(alice, id, 93).get("name").asString()).isEqualTo("not-bobs");
    }

    // ---- server tags (2.26)

    /** A server at rest (the stand-in conductor builds nothing), as tags may only change on one. */
    private String activeServer(String name) {
        String id = boot(name);
        jdbc.sql("UPDATE instances SET vm_state = 'active', task_state = NULL WHERE uuid = ?").param(id).update();
        return id;
    }

    private List<String> tagsOf(String id) {
        return alice.get("/v2.1/servers/" + id + "/tags", at(26)).json().get("tags").valueStream()
                .map(JsonNode::asString).toList();
    }

    @Test
    void theTagsApiIsNotFoundBelow2Point26() {
        String id = activeServer("tags-early");
        ApiClient.Response early = alice.get("/v2.1/servers/" + id + "/tags", at(25));
        assertThat(early.status()).isEqualTo(404);
        assertThat(early.json().at("/itemNotFound/message").asString()).isEqualTo("The resource could not be found.");
        assertThat(alice.put("/v2.1/servers/" + id + "/tags/web", null, at(25)).status()).isEqualTo(404);
        assertThat(tagsOf(id)).isEmpty();
    }

    @Test
    void tagsAreAddedCheckedReplacedAndRemovedAsInNova() {
        String id = activeServer("tagged");
        String tags = "/v2.1/servers/" + id + "/tags";
        ApiClient.Response added = alice.put(tags + "/web", null, at(26));
        assertThat(added.status()).isEqualTo(201);
        assertThat(added.header("Location")).endsWith("/v2.1/servers/" + id + "/tags/web");
        assertThat(alice.put(tags + "/web", null, at(26)).status()).as("already there").isEqualTo(204);
        assertThat(alice.get(tags + "/web", at(26)).status()).isEqualTo(204);
        ApiClient.Response missing = alice.get(tags + "/db", at(26));
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().at("/itemNotFound/message").asString())
                .isEqualTo("Server " + id + " has no tag 'db'");
        assertThat(show(alice, id, 26).get("tags").valueStream().map(JsonNode::asString)).containsExactly("web");

        ApiClient.Response replaced = alice.put(tags, Map.of("tags", List.of("b", "a", "b")), at(26));
        assertThat(replaced.status()).isEqualTo(200);
        assertThat(replaced.json().get("tags").valueStream().map(JsonNode::asString)).containsExactly("a", "b");
        assertThat(tagsOf(id)).containsExactly("a", "b");

        assertThat(alice.delete(tags + "/a", at(26)).status()).isEqualTo(204);
        ApiClient.Response gone = alice.delete(tags + "/a", at(26));
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.json().at("/itemNotFound/message").asString()).isEqualTo("Instance " + id + " has no tag 'a'");
        assertThat(alice.delete(tags, at(26)).status()).isEqualTo(204);
        assertThat(tagsOf(id)).isEmpty();
    }

    @Test
    void badTagsAndTooManyAre400AndABuildingServer409() {
        String id = activeServer("tag-checks");
        String tags = "/v2.1/servers/" + id + "/tags";
        ApiClient.Response comma = alice.put(tags + "/a,b", null, at(26));
        assertThat(comma.status()).isEqualTo(400);
        assertThat(comma.json().at("/badRequest/message").asString()).startsWith("Tag 'a,b' is invalid.");
        assertThat(alice.put(tags + "/" + "t".repeat(61), null, at(26)).status()).isEqualTo(400);
        assertThat(alice.put(tags, Map.of("tags", List.of("a/b")), at(26)).json().at("/badRequest/message")
                .asString()).startsWith("Invalid input for field/attribute tags.");
        assertThat(alice.put(tags, Map.of("tags", java.util.stream.IntStream.range(0, 51).mapToObj(i -> "t" + i)
                .toList()), at(26)).status()).isEqualTo(400);
        assertThat(alice.put(tags, Map.of("tags", List.of("a"), "colour", "red"), at(26)).status()).isEqualTo(400);

        assertThat(alice.put(tags, Map.of("tags", java.util.stream.IntStream.range(0, 50).mapToObj(i -> "t" + i)
                .toList()), at(26)).status()).isEqualTo(200);
        ApiClient.Response full = alice.put(tags + "/one-more", null, at(26));
        assertThat(full.status()).isEqualTo(400);
        assertThat(full.json().at("/badRequest/message").asString())
                .isEqualTo("The number of tags exceeded the per-server limit 50");
        assertThat(tagsOf(id)).hasSize(50);

        String building = boot("tag-building");
        ApiClient.Response conflict = alice.put("/v2.1/servers/" + building + "/tags/web", null, at(26));
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.json().at("/conflictingRequest/message").asString())
                .isEqualTo("Cannot 'update tag' instance " + building + " while it is in vm_state building");
        assertThat(alice.get("/v2.1/servers/" + building + "/tags", at(26)).status()).as("reading is fine")
                .isEqualTo(200);
        assertThat(admin.as("bob:project-other").get(tags, at(26)).status()).as("another project's").isEqualTo(404);
    }

    @Test
    void listsFilterOnTagsFrom2Point26() {
        ApiClient frank = admin.as("frank:project-tag-filters");
        java.util.Map<String, List<String>> servers = new java.util.LinkedHashMap<>();
        servers.put("both", List.of("web", "prod"));
        servers.put("web", List.of("web"));
        servers.put("prod", List.of("prod"));
        servers.put("none", List.of());
        servers.forEach((name, tags) -> assertThat(frank.post("/v2.1/servers", server(Map.of("name", name,
                "imageRef", CIRROS, "flavorRef", "1", "networks", "none", "tags", tags)), at(52)).status())
                .isEqualTo(202));
        assertThat(namesListed(frank, "tags=web,prod", 26)).containsExactlyInAnyOrder("both");
        assertThat(namesListed(frank, "tags-any=web,prod", 26)).containsExactlyInAnyOrder("both", "web", "prod");
        assertThat(namesListed(frank, "not-tags=web,prod", 26)).containsExactlyInAnyOrder("web", "prod", "none");
        assertThat(namesListed(frank, "not-tags-any=web,prod", 26)).containsExactlyInAnyOrder("none");
        assertThat(namesListed(frank, "tags=web&not-tags-any=prod", 26)).containsExactlyInAnyOrder("web");
        assertThat(namesListed(frank, "tags=web,prod", 25)).as("ignored below 2.26").hasSize(4);
    }

    private List<String> namesListed(ApiClient client, String query, int minor) {
        ApiClient.Response listed = client.get("/v2.1/servers?" + query, at(minor));
        assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
        return listed.json().get("servers").valueStream().map(s -> s.get("name").asString()).toList();
    }

    // ---- server lists

    @Test
    void anUnknownStatusListsNothingUntil2Point37AndIs400From2Point38() {
        boot("listed-status");
        ApiClient.Response lenient = alice.get("/v2.1/servers?status=NOPE", at(37));
        assertThat(lenient.status()).isEqualTo(200);
        assertThat(lenient.json().get("servers").isEmpty()).isTrue();
        ApiClient.Response strict = alice.get("/v2.1/servers?status=NOPE", at(38));
        assertThat(strict.status()).isEqualTo(400);
        assertThat(strict.json().at("/badRequest/message").asString()).isEqualTo("Invalid status value");
    }

    @Test
    void changesBeforeIsIgnoredUntil2Point65AndFiltersFrom2Point66() {
        ApiClient bob = admin.as("bob:project-changes");
        String old = bob.post("/v2.1/servers", server(Map.of("name", "old", "imageRef", CIRROS, "flavorRef", "1",
                "networks", "none"))).json().at("/server/id").asString();
        jdbc.sql("UPDATE instances SET updated_at = ? WHERE uuid = ?")
                .params(Timestamp.from(Instant.parse("2020-01-01T00:00:00Z")), old).update();
        bob.post("/v2.1/servers", server(Map.of("name", "new", "imageRef", CIRROS, "flavorRef", "1",
                "networks", "none")));
        String query = "/v2.1/servers?changes-before=2021-01-01T00:00:00Z";
        assertThat(bob.get(query, at(65)).json().get("servers").size()).isEqualTo(2);
        assertThat(bob.get(query, at(66)).json().get("servers").valueStream().map(s -> s.get("id").asString()))
                .containsExactly(old);
        ApiClient.Response reversed = bob.get(query + "&changes-since=2022-01-01T00:00:00Z", at(66));
        assertThat(reversed.status()).isEqualTo(400);
        assertThat(reversed.json().at("/badRequest/message").asString())
                .isEqualTo("The value of changes-since must be less than or equal to changes-before.");
        assertThat(bob.get("/v2.1/servers?changes-before=soon", at(66)).json().at("/badRequest/message").asString())
                .isEqualTo("Invalid input for query parameters changes-before. Value: soon. 'soon' is not a"
                        + " 'date-time'");
    }

    @Test
    void theLockedFilterIsIgnoredUntil2Point72AndReadFrom2Point73() {
        ApiClient carol = admin.as("carol:project-locked");
        carol.post("/v2.1/servers", server(Map.of("name", "unlocked", "imageRef", CIRROS, "flavorRef", "1",
                "networks", "none")));
        assertThat(carol.get("/v2.1/servers?locked=true", at(72)).json().get("servers").size()).isEqualTo(1);
        assertThat(carol.get("/v2.1/servers?locked=true", at(73)).json().get("servers").size())
                .as("no server is locked").isZero();
        assertThat(carol.get("/v2.1/servers?locked=false", at(73)).json().get("servers").size()).isEqualTo(1);
        assertThat(carol.get("/v2.1/servers?locked=maybe", at(73)).status()).isEqualTo(400);
    }

    @Test
    void unknownQueryParametersAreIgnoredUntil2Point74And400From2Point75() {
        for (String path : List.of("/v2.1/servers?colour=red", "/v2.1/servers/detail?colour=red",
                "/v2.1/flavors?colour=red", "/v2.1/flavors/detail?colour=red")) {
            assertThat(alice.get(path, at(74)).status()).as(path).isEqualTo(200);
            ApiClient.Response strict = alice.get(path, at(75));
            assertThat(strict.status()).as(path).isEqualTo(400);
            assertThat(strict.json().at("/badRequest/message").asString())
                    .isEqualTo("Additional properties are not allowed ('colour' was unexpected)");
        }
        assertThat(admin.get("/v2.1/os-services?colour=red", at(74)).status()).isEqualTo(200);
        assertThat(admin.get("/v2.1/os-services?colour=red", at(75)).status()).isEqualTo(400);
    }

    // ---- flavors

    @Test
    void flavorsGainADescriptionAt2Point55ExtraSpecsAt2Point61AndAnIntegerSwapAt2Point75() {
        assertThat(alice.get("/v2.1/flavors", at(54)).json().at("/flavors/0").has("description")).isFalse();
        assertThat(alice.get("/v2.1/flavors", at(55)).json().at("/flavors/0").has("description")).isTrue();
        assertThat(alice.get("/v2.1/flavors/detail", at(55)).json().at("/flavors/0").has("description")).isTrue();
        assertThat(alice.get("/v2.1/flavors/1", at(60)).json().get("flavor").has("extra_specs")).isFalse();
        assertThat(alice.get("/v2.1/flavors/1", at(61)).json().at("/flavor/extra_specs").isObject()).isTrue();
        assertThat(alice.get("/v2.1/flavors/detail", at(61)).json().at("/flavors/0/extra_specs").isObject()).isTrue();
        assertThat(alice.get("/v2.1/flavors/1", at(74)).json().at("/flavor/swap").asString()).isEmpty();
        JsonNode swap = alice.get("/v2.1/flavors/1", at(75)).json().at("/flavor/swap");
        assertThat(swap.isInt()).isTrue();
        assertThat(swap.asInt()).isZero();
    }

    // ---- limits

    @Test
    void limitsDropTheNetworkLimitsAt2Point36ImageMetaAt2Point39AndPersonalityAt2Point57() {
        ApiClient dave = admin.as("dave:project-limits");
        dave.post("/v2.1/servers", server(Map.of("name", "counted", "imageRef", CIRROS, "flavorRef", "2",
                "networks", "none")));
        JsonNode at35 = dave.get("/v2.1/limits", at(35)).json().at("/limits/absolute");
        assertThat(at35.get("maxSecurityGroups").asInt()).isEqualTo(-1);
        assertThat(at35.has("totalFloatingIpsUsed")).isTrue();
        assertThat(dave.get("/v2.1/limits", at(36)).json().at("/limits/absolute").has("maxSecurityGroups")).isFalse();
        assertThat(dave.get("/v2.1/limits", at(38)).json().at("/limits/absolute/maxImageMeta").asInt()).isEqualTo(128);
        assertThat(dave.get("/v2.1/limits", at(39)).json().at("/limits/absolute").has("maxImageMeta")).isFalse();
        assertThat(dave.get("/v2.1/limits", at(56)).json().at("/limits/absolute").has("maxPersonality")).isTrue();
        JsonNode latest = dave.get("/v2.1/limits", at(57)).json().at("/limits/absolute");
        assertThat(latest.has("maxPersonality")).isFalse();
        assertThat(latest.get("totalInstancesUsed").asInt()).isEqualTo(1);
        assertThat(latest.get("totalCoresUsed").asInt()).as("m1.small").isEqualTo(1);
        assertThat(latest.get("totalRAMUsed").asInt()).isEqualTo(2048);
        assertThat(latest.get("maxServerMeta").asInt()).isEqualTo(128);
        assertThat(admin.get("/v2.1/limits?tenant_id=project-limits").json().at("/limits/absolute/totalInstancesUsed")
                .asInt()).isEqualTo(1);
        assertThat(dave.get("/v2.1/limits?tenant_id=project-mv").status()).isEqualTo(403);
        assertThat(dave.get("/v2.1/limits?colour=red", at(74)).status()).isEqualTo(200);
        assertThat(dave.get("/v2.1/limits?colour=red", at(75)).status()).isEqualTo(400);
    }

    // ---- os-services and os-hypervisors

    @Test
    void servicesShowForcedDownFrom2Point11AndUuidsFrom2Point53() {
        service("svc-mv", Instant.now(), false, true);
        JsonNode before = serviceOf("svc-mv", 10);
        assertThat(before.has("forced_down")).isFalse();
        assertThat(before.get("id").isIntegralNumber()).isTrue();
        assertThat(serviceOf("svc-mv", 11).get("forced_down").asBoolean()).isTrue();
        assertThat(serviceOf("svc-mv", 52).get("id").isIntegralNumber()).isTrue();
        assertThat(serviceOf("svc-mv", 53).get("id").asString()).matches("[0-9a-f-]{36}");
        assertThat(admin.get("/v2.1/os-services?host=svc-mv&binary=nova-compute").json().get("services").size())
                .isEqualTo(1);
    }

    private JsonNode serviceOf(String host, int minor) {
        return admin.get("/v2.1/os-services", at(minor)).json().get("services").valueStream()
                .filter(s -> s.get("host").asString().equals(host)).findFirst().orElseThrow();
    }

    private JsonNode hypervisorOf(String host, int minor, String query) {
        return admin.get("/v2.1/os-hypervisors/detail" + query, at(minor)).json().get("hypervisors").valueStream()
                .filter(h -> h.get("hypervisor_hostname").asString().equals(host)).findFirst().orElseThrow();
    }

    @Test
    void hypervisorsChangeAt2Point28And2Point53And2Point75And2Point88() {
        service("hv-mv", Instant.now(), false, false);
        computeNode("hv-mv");
        assertThat(hypervisorOf("hv-mv", 27, "").get("cpu_info").isString()).isTrue();
        assertThat(hypervisorOf("hv-mv", 28, "").get("cpu_info").isObject()).isTrue();

        JsonNode byId = hypervisorOf("hv-mv", 52, "");
        assertThat(byId.get("id").isIntegralNumber()).isTrue();
        assertThat(byId.at("/service/id").isIntegralNumber()).isTrue();
        JsonNode byUuid = hypervisorOf("hv-mv", 53, "");
        assertThat(byUuid.get("id").asString()).matches("[0-9a-f-]{36}");
        assertThat(byUuid.at("/service/id").asString()).matches("[0-9a-f-]{36}");
        assertThat(admin.get("/v2.1/os-hypervisors?hypervisor_hostname_pattern=hv-mv", at(53)).json()
                .get("hypervisors").size()).isEqualTo(1);
        assertThat(admin.get("/v2.1/os-hypervisors?hypervisor_hostname_pattern=no-such-hv", at(53)).status())
                .isEqualTo(404);
        assertThat(admin.get("/v2.1/os-hypervisors?colour=red", at(53)).status()).as("strict from 2.53")
                .isEqualTo(400);

        assertThat(hypervisorOf("hv-mv", 74, "?with_servers=true").has("servers")).isFalse();
        assertThat(hypervisorOf("hv-mv", 75, "?with_servers=true").get("servers").isEmpty()).isTrue();
        String id = boot("hosted");
        jdbc.sql("UPDATE instances SET host = 'hv-mv' WHERE uuid = ?").param(id).update();
        assertThat(hypervisorOf("hv-mv", 53, "?with_servers=true").at("/servers/0/uuid").asString()).isEqualTo(id);

        JsonNode usage = hypervisorOf("hv-mv", 87, "");
        assertThat(usage.get("vcpus").asInt()).isEqualTo(8);
        assertThat(usage.has("uptime")).isFalse();
        JsonNode trimmed = hypervisorOf("hv-mv", 88, "");
        for (String gone : List.of("vcpus", "memory_mb", "local_gb", "vcpus_used", "memory_mb_used", "local_gb_used",
                "free_ram_mb", "free_disk_gb", "current_workload", "running_vms", "disk_available_least",
                "cpu_info")) {
            assertThat(trimmed.has(gone)).as(gone).isFalse();
        }
        assertThat(trimmed.has("uptime")).isTrue();
        assertThat(trimmed.get("hypervisor_type").asString()).isEqualTo("fake");
    }

    @Test
    void hypervisorsArePagedFrom2Point33() {
        for (String host : List.of("page-a", "page-b")) {
            service(host, Instant.now(), false, false);
            computeNode(host);
        }
        assertThat(admin.get("/v2.1/os-hypervisors?limit=1", at(32)).json().get("hypervisors").size())
                .as("limit is ignored before 2.33").isGreaterThan(1);
        JsonNode first = admin.get("/v2.1/os-hypervisors?limit=1", at(33)).json();
        assertThat(first.get("hypervisors").size()).isEqualTo(1);
        String next = first.at("/hypervisors_links/0/href").asString();
        assertThat(next).contains("limit=1").contains("marker=" + first.at("/hypervisors/0/id").asString());
        JsonNode second = admin.get(next.substring(next.indexOf("/v2.1/")), at(33)).json();
        assertThat(second.at("/hypervisors/0/id").asString()).isNotEqualTo(first.at("/hypervisors/0/id").asString());
        assertThat(admin.get("/v2.1/os-hypervisors?marker=999999", at(33)).json().at("/badRequest/message")
                .asString()).isEqualTo("marker [999999] not found");
    }

    // ---- os-instance-actions

    /** A server with one action of two events on host {@code ev-host}, one failed with details. */
    private String serverWithEvents(ApiClient owner, String name) {
        String id = owner.post("/v2.1/servers", server(Map.of("name", name, "imageRef", CIRROS, "flavorRef", "1",
                "networks", "none"))).json().at("/server/id").asString();
        long action = createAction(id);
        jdbc.sql("INSERT INTO instance_actions_events (action_id, event, start_time, finish_time, result, traceback,"
                        + " host, details) VALUES (?, 'compute_build_and_run_instance', CURRENT_TIMESTAMP,"
                        + " CURRENT_TIMESTAMP, 'Error', 'Traceback ...', 'ev-host', 'disk full')")
                .param(action).update();
        return id;
    }

    /** The create action the conductor would have recorded (the stand-in records none), a minute ago. */
    private long createAction(String id) {
        Timestamp start = Timestamp.from(Instant.now().minusSeconds(60));
        jdbc.sql("INSERT INTO instance_actions (action, instance_uuid, request_id, user_id, project_id, start_time,"
                        + " updated_at) VALUES ('create', ?, ?, 'alice', 'project-mv', ?, ?)")
                .params(id, "req-" + UUID.randomUUID(), start, start).update();
        return jdbc.sql("SELECT id FROM instance_actions WHERE instance_uuid = ? AND action = 'create'").param(id)
                .query(Long.class).single();
    }

    private JsonNode event(ApiClient client, String id, int minor) {
        String requestId = client.get("/v2.1/servers/" + id + "/os-instance-actions", at(minor)).json()
                .at("/instanceActions/0/request_id").asString();
        return client.get("/v2.1/servers/" + id + "/os-instance-actions/" + requestId, at(minor)).json()
                .get("instanceAction");
    }

    @Test
    void eventsAreShownToOwnersFrom2Point51WithoutTracebacks() {
        String id = serverWithEvents(alice, "evented-owner");
        assertThat(event(alice, id, 50).has("events")).isFalse();
        JsonNode shown = event(alice, id, 51).at("/events/0");
        assertThat(shown.get("result").asString()).isEqualTo("Error");
        assertThat(shown.has("traceback")).isFalse();
        assertThat(event(admin, id, 1).at("/events/0/traceback").asString()).isEqualTo("Traceback ...");
    }

    @Test
    void eventsGainHostsAt2Point62AndDetailsAt2Point84() {
        String id = serverWithEvents(alice, "evented-hosts");
        JsonNode adminBefore = event(admin, id, 61).at("/events/0");
        assertThat(adminBefore.has("host")).isFalse();
        assertThat(adminBefore.has("hostId")).isFalse();
        JsonNode adminAt = event(admin, id, 62).at("/events/0");
        assertThat(adminAt.get("host").asString()).isEqualTo("ev-host");
        assertThat(adminAt.get("hostId").asString()).hasSize(56);
        JsonNode ownerAt = event(alice, id, 62).at("/events/0");
        assertThat(ownerAt.has("host")).as("the host is for admins").isFalse();
        assertThat(ownerAt.get("hostId").asString()).isEqualTo(adminAt.get("hostId").asString());
        assertThat(event(admin, id, 83).at("/events/0").has("details")).isFalse();
        assertThat(event(admin, id, 84).at("/events/0/details").asString()).isEqualTo("disk full");
        assertThat(event(alice, id, 84).at("/events/0").has("details")).as("admins only by default").isFalse();
    }

    @Test
    void aDeletedServersActionsAreNotFoundUntil2Point20AndShownFrom2Point21() {
        String id = boot("deleted-actions");
        assertThat(alice.delete("/v2.1/servers/" + id).status()).isEqualTo(204);
        assertThat(alice.get("/v2.1/servers/" + id + "/os-instance-actions", at(20)).status()).isEqualTo(404);
        JsonNode actions = alice.get("/v2.1/servers/" + id + "/os-instance-actions", at(21)).json()
                .get("instanceActions");
        assertThat(actions.valueStream().map(a -> a.get("action").asString())).contains("delete");
    }

    @Test
    void actionsGainUpdatedAtAndPagingAt2Point58AndChangesBeforeAt2Point66() {
        String id = boot("paged-actions");
        createAction(id);
        assertThat(alice.delete("/v2.1/servers/" + id).status()).isEqualTo(204);
        String path = "/v2.1/servers/" + id + "/os-instance-actions";
        JsonNode all = alice.get(path, at(57)).json().get("instanceActions");
        assertThat(all.get(0).has("updated_at")).isFalse();
        assertThat(alice.get(path + "?limit=1", at(57)).json().get("instanceActions").size())
                .as("limit is ignored before 2.58").isEqualTo(all.size());

        JsonNode page = alice.get(path + "?limit=1", at(58)).json();
        assertThat(page.at("/instanceActions/0").has("updated_at")).isTrue();
        assertThat(page.get("instanceActions").size()).isEqualTo(1);
        String marker = page.at("/instanceActions/0/request_id").asString();
        assertThat(page.at("/links/0/href").asString()).contains("marker=" + marker);
        JsonNode rest = alice.get(path + "?marker=" + marker, at(58)).json().get("instanceActions");
        assertThat(rest.size()).isEqualTo(all.size() - 1);
        assertThat(alice.get(path + "?marker=req-nope", at(58)).json().at("/badRequest/message").asString())
                .isEqualTo("Marker req-nope could not be found.");

        String before = path + "?changes-before=2000-01-01T00:00:00Z";
        assertThat(alice.get(before, at(65)).status()).as("unknown to 2.58's strict schema").isEqualTo(400);
        assertThat(alice.get(before, at(66)).json().get("instanceActions").isEmpty()).isTrue();
    }
}
