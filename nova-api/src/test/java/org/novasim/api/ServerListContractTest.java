package org.novasim.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;

import org.novasim.testsupport.TestBroker;
import org.novasim.testsupport.TestDatabase;

import tools.jackson.databind.JsonNode;

/**
 * {@code GET /v2.1/servers} and {@code /servers/detail} at scale, as Nova's API lists servers: newest first, pages
 * of {@code limit} (at most {@code nova.api.max-limit}) after a {@code marker}, a {@code next} link while pages are
 * full, the {@code name}, {@code status}, {@code changes-since} and admin-only {@code host} filters, and bad
 * parameters answered 400 in Nova's words. Each test lists a project of its own, whose rows it writes straight into
 * the Nova database with the times it needs. Run on the embedded database and on PostgreSQL by the subclasses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ServerListContractTest {

    private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

    private NovaApiNode node;
    private ApiClient admin;
    private JdbcTemplate jdbc;
    private Path state;
    /** How long each page of the last walk took to answer, for the figures printed. */
    private final List<Long> pageMillis = new ArrayList<>();

    abstract TestDatabase.Kind database();

    @BeforeAll
    void start() throws Exception {
        state = Files.createTempDirectory("nova-api-list-test");
        node = NovaApiNode.start(database(), state, TestBroker.uniqueName("test_list"),
                TestBroker.uniqueName("conductor"));
        admin = node.admin;
        jdbc = node.context.getBean(JdbcTemplate.class);
    }

    @AfterAll
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    /** A server row as a test wants it: created and last updated at these seconds after {@link #EPOCH}. */
    private record Row(String uuid, String name, String project, String vmState, String taskState, String host,
                       long createdSecond, long updatedSecond, boolean deleted) {

        static Row active(String project, String name, long createdSecond) {
            return new Row(UUID.randomUUID().toString(), name, project, "active", null, "host-a", createdSecond,
                    createdSecond, false);
        }

        Row with(String newVmState, String newTaskState) {
            return new Row(uuid, name, project, newVmState, newTaskState, host, createdSecond, updatedSecond, deleted);
        }

        Row on(String newHost) {
            return new Row(uuid, name, project, vmState, taskState, newHost, createdSecond, updatedSecond, deleted);
        }

        Row updatedAt(long second) {
            return new Row(uuid, name, project, vmState, taskState, host, createdSecond, second, deleted);
        }

        Row deletedAt(long second) {
            return new Row(uuid, name, project, "deleted", null, host, createdSecond, second, true);
        }
    }

    private void insert(List<Row> rows) {
        jdbc.batchUpdate("INSERT INTO instances (uuid, display_name, project_id, user_id, flavorid, image_ref, vm_state,"
                        + " task_state, power_state, host, node, reservation_id, created_at, updated_at, deleted_at, deleted)"
                        + " VALUES (?, ?, ?, 'u', '1', 'a1c0a5b2-5c29-4d36-9a4f-3c6f0e6b7c01', ?, ?, 1, ?, ?, 'r-1', ?, ?, ?, ?)",
                rows, 1000, (ps, r) -> {
                    ps.setString(1, r.uuid());
                    ps.setString(2, r.name());
                    ps.setString(3, r.project());
                    ps.setString(4, r.vmState());
                    ps.setString(5, r.taskState());
                    ps.setString(6, r.host());
                    ps.setString(7, r.host());
                    ps.setTimestamp(8, at(r.createdSecond()));
                    ps.setTimestamp(9, at(r.updatedSecond()));
                    ps.setTimestamp(10, r.deleted() ? at(r.updatedSecond()) : null);
                    ps.setBoolean(11, r.deleted());
                });
    }

    private static Timestamp at(long second) {
        return Timestamp.from(EPOCH.plusSeconds(second));
    }

    /** Newest first, then the greater uuid first: the order Nova's default sort gives. */
    private static List<String> newestFirst(List<Row> rows) {
        return rows.stream().sorted(Comparator.comparingLong(Row::createdSecond).thenComparing(Row::uuid).reversed())
                .map(Row::uuid).toList();
    }

    private static List<String> ids(ApiClient.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json().get("servers").valueStream().map(s -> s.get("id").asString()).toList();
    }

    private static String query(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** Follows {@code servers_links} from {@code path} to the end; every page's servers in order. */
    private List<List<String>> walk(ApiClient client, String path) {
        pageMillis.clear();
        List<List<String>> pages = new ArrayList<>();
        String next = path;
        while (next != null) {
            long start = System.nanoTime();
            ApiClient.Response page = client.get(next);
            pageMillis.add((System.nanoTime() - start) / 1_000_000);
            pages.add(ids(page));
            JsonNode links = page.json().get("servers_links");
            next = null;
            if (links != null) {
                assertThat(links.size()).isEqualTo(1);
                assertThat(links.get(0).get("rel").asString()).isEqualTo("next");
                String href = links.get(0).get("href").asString();
                next = href.substring(href.indexOf("/v2.1/"));
            }
            assertThat(pages).as("a walk that does not end").hasSizeLessThan(100);
        }
        return pages;
    }

    @Test
    void nextLinksWalkTheWholeListNewestFirstWithoutGapsOrDuplicates() {
        ApiClient user = admin.as("pat:project-pages");
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            rows.add(Row.active("project-pages", "page-" + i, i));
        }
        for (int i = 0; i < 3; i++) {
            rows.add(Row.active("project-pages", "same-second-" + i, 12));
        }
        insert(rows);
        rows.add(Row.active("project-other", "page-elsewhere", 30));
        insert(List.of(rows.getLast()));
        List<String> expected = newestFirst(rows.subList(0, 28));

        for (String collection : List.of("servers", "servers/detail")) {
            List<List<String>> pages = walk(user, "/v2.1/" + collection + "?limit=7");
            assertThat(pages).as(collection + ": 4 full pages, then an empty one")
                    .extracting(List::size).containsExactly(7, 7, 7, 7, 0);
            assertThat(pages.stream().flatMap(List::stream).toList()).as(collection).isEqualTo(expected);
            assertThat(walk(user, "/v2.1/" + collection + "?limit=10")).extracting(List::size)
                    .containsExactly(10, 10, 8);
        }
        assertThat(ids(user.get("/v2.1/servers"))).as("no limit: the first maximum page").isEqualTo(expected);
        assertThat(user.get("/v2.1/servers").json().has("servers_links")).as("a page that is not full").isFalse();

        ApiClient.Response first = user.get("/v2.1/servers/detail?limit=3&name=" + query("^page-") + "&marker="
                + expected.get(0));
        String href = first.json().at("/servers_links/0/href").asString();
        String lastShown = ids(first).getLast();
        assertThat(href).as("the other parameters kept, sorted, the marker moved on")
                .endsWith("/v2.1/servers/detail?limit=3&marker=" + lastShown + "&name=%5Epage-");
        assertThat(href).startsWith("http://127.0.0.1:");
        assertThat(ids(user.get("/v2.1/servers?limit=5&marker=" + expected.get(9))))
                .isEqualTo(expected.subList(10, 15));
        assertThat(ids(user.get("/v2.1/servers?limit=0"))).isEmpty();
        assertThat(user.get("/v2.1/servers?limit=0").json().has("servers_links")).isFalse();
        assertThat(ids(user.get("/v2.1/servers?marker=" + expected.getLast()))).as("after the oldest").isEmpty();
    }

    @Test
    void aMarkerMayBeADeletedServerOrOneTheCallerCannotSee() {
        ApiClient user = admin.as("pat:project-markers");
        Row gone = Row.active("project-markers", "gone", 5).deletedAt(6);
        Row elsewhere = Row.active("project-elsewhere", "elsewhere", 3);
        List<Row> live = List.of(Row.active("project-markers", "m-1", 1), Row.active("project-markers", "m-4", 4),
                Row.active("project-markers", "m-7", 7));
        insert(Stream.concat(live.stream(), Stream.of(gone, elsewhere)).toList());
        assertThat(ids(user.get("/v2.1/servers?marker=" + gone.uuid())))
                .containsExactly(live.get(1).uuid(), live.get(0).uuid());
        assertThat(ids(user.get("/v2.1/servers?marker=" + elsewhere.uuid()))).containsExactly(live.get(0).uuid());
    }

    static Stream<Arguments> badParameters() {
        return Stream.of(
                Arguments.of("limit=abc", "Invalid input for query parameters limit. Value: abc. 'abc' does not match '^[0-9]*$'"),
                Arguments.of("limit=-1", "Invalid input for query parameters limit. Value: -1. '-1' does not match '^[0-9]*$'"),
                Arguments.of("limit=", "Invalid input for query parameters limit. Value: . '' is too short"),
                Arguments.of("limit=10&limit=x", "Invalid input for query parameters limit. Value: x. 'x' does not match '^[0-9]*$'"),
                Arguments.of("marker=00000000-0000-0000-0000-00000000dead",
                        "marker [00000000-0000-0000-0000-00000000dead] not found"),
                Arguments.of("limit=3&marker=nope", "marker [nope] not found"),
                Arguments.of("changes-since=yesterday",
                        "Invalid input for query parameters changes-since. Value: yesterday. 'yesterday' is not a 'date-time'"),
                Arguments.of("changes-since=2026-13-01T00:00:00Z",
                        "Invalid input for query parameters changes-since. Value: 2026-13-01T00:00:00Z. '2026-13-01T00:00:00Z' is not a 'date-time'"),
                Arguments.of("name=" + query("web-("), "Invalid input for query parameters name. Value: web-(. 'web-(' is not a 'regex'"),
                Arguments.of("name=", "Invalid input for query parameters name. Value: . '' is not a 'regex'"),
                Arguments.of("all_tenants=maybe", "Unrecognized value 'maybe', acceptable values are: '0', '1', 'f',"
                        + " 'false', 'n', 'no', 'off', 'on', 't', 'true', 'y', 'yes'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badParameters")
    void badParametersAre400InNovasWords(String parameters, String message) {
        for (String collection : List.of("servers", "servers/detail")) {
            ApiClient.Response response = admin.as("pat:project-bad").get("/v2.1/" + collection + "?" + parameters);
            assertThat(response.status()).as(response.toString()).isEqualTo(400);
            assertThat(response.json().at("/badRequest/code").asInt()).isEqualTo(400);
            assertThat(response.json().at("/badRequest/message").asString()).isEqualTo(message);
        }
    }

    @Test
    void aLimitAboveTheMaximumIsCappedAndTenThousandServersAreListedPageByPage() {
        ApiClient user = admin.as("pat:project-bulk");
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            // Ten servers a second, as a multi-create makes them: ties broken by uuid.
            rows.add(Row.active("project-bulk", "bulk-" + i, i / 10));
        }
        long insertStart = System.nanoTime();
        insert(rows);
        long insertMs = (System.nanoTime() - insertStart) / 1_000_000;

        ApiClient.Response capped = user.get("/v2.1/servers?limit=5000");
        assertThat(ids(capped)).hasSize(1000);
        assertThat(capped.json().at("/servers_links/0/href").asString()).contains("limit=5000&marker=");

        for (String collection : List.of("servers", "servers/detail")) {
            List<List<String>> pages = walk(user, "/v2.1/" + collection);
            List<String> seen = pages.stream().flatMap(List::stream).toList();
            assertThat(pages).hasSize(11);
            assertThat(seen).hasSize(10_000);
            assertThat(new HashSet<>(seen)).hasSize(10_000);
            assertThat(seen).isEqualTo(newestFirst(rows));
            System.out.printf("[server list, %s] inserted 10,000 rows in %d ms; walked /v2.1/%s in %d pages of"
                    + " 1,000 in %d ms, each page in ms: %s%n", database(), insertMs, collection, pages.size(),
                    pageMillis.stream().mapToLong(Long::longValue).sum(), pageMillis);
        }
    }

    @Test
    void nameIsARegularExpressionMatchedAnywhereInTheName() {
        ApiClient user = admin.as("pat:project-names");
        List<Row> rows = List.of(Row.active("project-names", "web-1", 1), Row.active("project-names", "web-22", 2),
                Row.active("project-names", "db-1", 3), Row.active("project-names", "my-web", 4));
        insert(rows);
        assertThat(ids(user.get("/v2.1/servers?name=" + query("^web-[0-9]+$"))))
                .containsExactly(rows.get(1).uuid(), rows.get(0).uuid());
        assertThat(ids(user.get("/v2.1/servers/detail?name=web"))).containsExactly(rows.get(3).uuid(),
                rows.get(1).uuid(), rows.get(0).uuid());
        assertThat(ids(user.get("/v2.1/servers?name=" + query("-1$")))).containsExactly(rows.get(2).uuid(),
                rows.get(0).uuid());
        assertThat(ids(user.get("/v2.1/servers?name=nothing-like-it"))).isEmpty();
    }

    @Test
    void statusStandsForVmStatesAsInNovaAndAnUnknownStatusListsNothing() {
        ApiClient user = admin.as("pat:project-status");
        Row active = Row.active("project-status", "active", 1);
        Row rebooting = Row.active("project-status", "rebooting", 2).with("active", "rebooting");
        Row hardRebooting = Row.active("project-status", "hard", 3).with("active", "reboot_started_hard");
        Row stopped = Row.active("project-status", "stopped", 4).with("stopped", null);
        Row error = Row.active("project-status", "error", 5).with("error", null);
        Row building = Row.active("project-status", "building", 6).with("building", "spawning");
        Row deleted = Row.active("project-status", "deleted", 7).deletedAt(8);
        insert(List.of(active, rebooting, hardRebooting, stopped, error, building, deleted));

        assertThat(ids(user.get("/v2.1/servers?status=ACTIVE"))).as("any task of an active server")
                .containsExactly(hardRebooting.uuid(), rebooting.uuid(), active.uuid());
        assertThat(ids(user.get("/v2.1/servers?status=REBOOT"))).containsExactly(rebooting.uuid());
        assertThat(ids(user.get("/v2.1/servers?status=HARD_REBOOT"))).containsExactly(hardRebooting.uuid());
        assertThat(ids(user.get("/v2.1/servers/detail?status=shutoff"))).containsExactly(stopped.uuid());
        assertThat(ids(user.get("/v2.1/servers?status=ERROR&status=BUILD")))
                .containsExactly(building.uuid(), error.uuid());
        ApiClient.Response unknown = user.get("/v2.1/servers?status=SLEEPING");
        assertThat(ids(unknown)).as("below microversion 2.38 an unknown status lists nothing").isEmpty();

        ApiClient.Response refused = user.get("/v2.1/servers?status=DELETED");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().at("/forbidden/message").asString())
                .isEqualTo("Only administrators may list deleted instances");
        JsonNode listed = admin.get("/v2.1/servers/detail?all_tenants=1&project_id=project-status&status=DELETED")
                .json().get("servers");
        assertThat(listed.valueStream().map(s -> s.get("id").asString())).containsExactly(deleted.uuid());
        assertThat(listed.get(0).get("status").asString()).isEqualTo("DELETED");
    }

    @Test
    void hostIsAFilterForAdminsAndIgnoredForOthers() {
        ApiClient user = admin.as("pat:project-hosts");
        Row onA = Row.active("project-hosts", "on-a", 1);
        Row onB = Row.active("project-hosts", "on-b", 2).on("host-b");
        Row elsewhereOnB = Row.active("project-elsewhere-hosts", "elsewhere-on-b", 3).on("host-b");
        insert(List.of(onA, onB, elsewhereOnB));

        assertThat(ids(user.get("/v2.1/servers?host=host-b"))).as("dropped for a non-admin, as Nova does")
                .containsExactly(onB.uuid(), onA.uuid());
        assertThat(ids(admin.get("/v2.1/servers?all_tenants=1&host=host-b&name=" + query("on-b$"))))
                .containsExactly(elsewhereOnB.uuid(), onB.uuid());
        assertThat(ids(admin.get("/v2.1/servers/detail?all_tenants=true&project_id=project-hosts&host=host-a")))
                .containsExactly(onA.uuid());
        assertThat(admin.get("/v2.1/servers/detail?all_tenants=1&host=host-b&name=" + query("^on-b$")).json()
                .at("/servers/0/OS-EXT-SRV-ATTR:host").asString()).isEqualTo("host-b");
    }

    @Test
    void allTenantsIsForAdminsOnly() {
        ApiClient user = admin.as("pat:project-tenants");
        for (String collection : List.of("servers", "servers/detail")) {
            ApiClient.Response refused = user.get("/v2.1/" + collection + "?all_tenants=1");
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.json().at("/forbidden/message").asString()).isEqualTo("Policy doesn't allow"
                    + " os_compute_api:servers:" + (collection.equals("servers") ? "index" : "detail")
                    + ":get_all_tenants to be performed.");
        }
        assertThat(user.get("/v2.1/servers?all_tenants=0").status()).isEqualTo(200);
    }

    @Test
    void changesSinceListsWhatChangedSinceThenDeletedServersIncluded() {
        ApiClient user = admin.as("pat:project-changes");
        Row old = Row.active("project-changes", "old", 1);
        Row touched = Row.active("project-changes", "touched", 2).updatedAt(100);
        Row deletedLately = Row.active("project-changes", "deleted-lately", 3).deletedAt(101);
        Row deletedLongAgo = Row.active("project-changes", "deleted-long-ago", 4).deletedAt(5);
        insert(List.of(old, touched, deletedLately, deletedLongAgo));

        assertThat(ids(user.get("/v2.1/servers"))).as("deleted servers are not listed")
                .containsExactly(touched.uuid(), old.uuid());
        String since = EPOCH.plusSeconds(50).toString();
        ApiClient.Response response = user.get("/v2.1/servers/detail?changes-since=" + query(since));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        JsonNode changed = response.json().get("servers");
        assertThat(changed.valueStream().map(s -> s.get("id").asString()))
                .containsExactly(deletedLately.uuid(), touched.uuid());
        assertThat(changed.get(0).get("status").asString()).isEqualTo("DELETED");
        assertThat(ids(user.get("/v2.1/servers?changes-since=2026-01-01T00:01:40.5%2B00:00")))
                .as("with a zone and a fraction").containsExactly(deletedLately.uuid());
        assertThat(ids(user.get("/v2.1/servers?changes-since=2026-01-01"))).as("a date alone is midnight UTC")
                .hasSize(4);
        assertThat(ids(user.get("/v2.1/servers?changes-since=" + query(since) + "&status=ACTIVE")))
                .containsExactly(touched.uuid());
    }

    @Test
    void theLatestFaultOfEveryServerInErrorIsShownInTheDetailList() {
        ApiClient user = admin.as("pat:project-faults");
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            rows.add(Row.active("project-faults", "fault-" + i, i).with(i % 2 == 0 ? "error" : "active", null));
        }
        insert(rows);
        for (Row row : rows) {
            for (String message : List.of("first failure", "latest failure of " + row.name())) {
                jdbc.update("INSERT INTO instance_faults (instance_uuid, code, message, details, created_at)"
                        + " VALUES (?, 500, ?, 'trace', ?)", row.uuid(), message, at(10));
            }
        }
        Set<String> withFaults = new HashSet<>();
        user.get("/v2.1/servers/detail").json().get("servers").valueStream().forEach(s -> {
            if (s.has("fault")) {
                withFaults.add(s.get("name").asString());
                assertThat(s.at("/fault/message").asString()).isEqualTo("latest failure of " + s.get("name").asString());
                assertThat(s.get("fault").has("details")).as("500 details are for admins").isFalse();
            }
        });
        assertThat(withFaults).containsExactlyInAnyOrder("fault-0", "fault-2", "fault-4");
    }
}
