package org.novasim.conductor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.assertj.core.api.ThrowingConsumer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.simple.JdbcClient;

import org.novasim.conductor.objects.ObjectIndirection;
import org.novasim.conductor.scheduler.HostManager;
import org.novasim.conductor.scheduler.HostState;
import org.novasim.messaging.RemoteExceptionIdentity;
import org.novasim.messaging.RequestContext;
import org.novasim.messaging.wire.OsloJson;
import org.novasim.testsupport.TestBroker;
import org.novasim.testsupport.TestDatabase;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The conductor's object indirection API on the Nova database, with the primitives a Zed nova-compute sends (as
 * captured from python3-nova 26.2.2): a Service created and heartbeaten, answered with the fields that changed; and
 * what Nova refuses, refused with its classes and nothing written.
 */
class ObjectIndirectionTest {

    private static final Map<String, String> VERSIONS = Map.of("Service", "1.22", "ComputeNode", "1.19");
    private static final JsonNode NO_ARGS = OsloJson.mapper().createArrayNode();
    private static final JsonNode NO_KWARGS = OsloJson.mapper().createObjectNode();

    @TempDir
    Path state;

    private static JsonNode json(String text) {
        return OsloJson.mapper().readTree(text);
    }

    /** A Zed compute's new Service, as Nova's Service(host=..., binary=..., topic=...) sends it to create(). */
    private static JsonNode newService(String host) {
        return json("""
                {"nova_object.name": "Service", "nova_object.namespace": "nova", "nova_object.version": "1.22",
                 "nova_object.data": {"host": "%s", "binary": "nova-compute", "topic": "compute",
                                      "report_count": 0, "version": 64},
                 "nova_object.changes": ["binary", "topic", "version", "report_count", "host"]}""".formatted(host));
    }

    private final RequestContext context = RequestContext.admin();

    private ConductorNode start(TestDatabase.Kind database) {
        return ConductorNode.start(database, state, TestBroker.uniqueName("test_objects"),
                TestBroker.uniqueName("conductor"));
    }

    /** The refusal travels as this remote exception class, as Nova's client rebuilds it. */
    private static ThrowingConsumer<Throwable> remoteError(String remoteClass) {
        return e -> assertThat(((RemoteExceptionIdentity) e).remoteClass()).isEqualTo(remoteClass);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aServiceIsCreatedAndHeartbeatenAsAZedComputeDoesIt(TestDatabase.Kind database) {
        try (ConductorNode conductor = start(database)) {
            ObjectIndirection objects = conductor.context.getBean(ObjectIndirection.class);
            assertThat(objects.classAction(context, "Service", "get_by_host_and_binary", VERSIONS,
                    json("[\"zed-1\", \"nova-compute\"]"), NO_KWARGS)).as("None, as Nova answers").isNull();

            ArrayNode created = objects.action(context, newService("zed-1"), "create", NO_ARGS, NO_KWARGS);
            JsonNode updates = created.get(0);
            assertThat(updates.propertyNames()).contains("id", "uuid", "created_at", "last_seen_up", "deleted",
                    "obj_what_changed").doesNotContain("host", "binary", "report_count", "version");
            assertThat(updates.get("obj_what_changed")).isEmpty();
            assertThat(created.get(1).isNull()).as("create returns None").isTrue();

            JsonNode service = objects.classAction(context, "Service", "get_by_compute_host", VERSIONS,
                    json("[\"zed-1\"]"), NO_KWARGS);
            assertThat(service.get("nova_object.version").asString()).isEqualTo("1.22");
            assertThat(service.has("nova_object.changes")).as("as read from the database: nothing changed").isFalse();
            JsonNode fields = service.get("nova_object.data");
            assertThat(fields.get("version").asInt()).isEqualTo(64);
            assertThat(fields.get("updated_at").isNull()).isTrue();

            // The heartbeat: report_count += 1; save().
            ObjectNode beat = (ObjectNode) service.deepCopy();
            ((ObjectNode) beat.get("nova_object.data")).put("report_count", 1);
            beat.putArray("nova_object.changes").add("report_count");
            JsonNode saved = objects.action(context, beat, "save", NO_ARGS, NO_KWARGS).get(0);
            assertThat(saved.propertyNames()).contains("updated_at", "last_seen_up", "obj_what_changed")
                    .doesNotContain("report_count", "host");
            assertThat(saved.get("last_seen_up").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
            // Kept for the next batch, written within a second (nova.conductor.heartbeat-flush-interval).
            JdbcClient jdbc = conductor.context.getBean(JdbcClient.class);
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql(
                    "SELECT report_count FROM services WHERE host = 'zed-1' AND last_seen_up IS NOT NULL")
                    .query(Integer.class).optional().orElse(0) == 1);

            assertThatThrownBy(() -> objects.action(context, newService("zed-1"), "create", NO_ARGS, NO_KWARGS))
                    .satisfies(remoteError("ServiceBinaryExists"));
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void whatNovaRefusesIsRefusedWithItsClassesAndNothingIsWritten(TestDatabase.Kind database) {
        try (ConductorNode conductor = start(database)) {
            ObjectIndirection objects = conductor.context.getBean(ObjectIndirection.class);
            JdbcClient jdbc = conductor.context.getBean(JdbcClient.class);
            String computes = "SELECT COUNT(*) FROM services WHERE \"binary\" = 'nova-compute'";
            long before = jdbc.sql(computes).query(Long.class).single();

            assertThatThrownBy(() -> objects.classAction(context, "NoSuchObject", "get_by_id",
                    Map.of("NoSuchObject", "1.0"), NO_ARGS, NO_KWARGS))
                    .satisfies(remoteError("UnsupportedObjectError"));
            assertThatThrownBy(() -> objects.classAction(context, "Service", "get_by_compute_host",
                    Map.of("Service", "1.99"), json("[\"h\"]"), NO_KWARGS))
                    .satisfies(remoteError("IncompatibleObjectVersion"));
            assertThatThrownBy(() -> objects.classAction(context, "Service", "no_such_method", VERSIONS, NO_ARGS,
                    NO_KWARGS)).satisfies(remoteError("AttributeError"))
                    .hasMessage("type object 'Service' has no attribute 'no_such_method'");
            assertThatThrownBy(() -> objects.classAction(context, "Service", "get_by_compute_host", VERSIONS,
                    json("[\"nowhere\"]"), NO_KWARGS))
                    .satisfies(remoteError("ComputeHostNotFound"));
            assertThatThrownBy(() -> objects.action(context, json("{\"not\": \"a primitive\"}"), "save", NO_ARGS,
                    NO_KWARGS)).satisfies(remoteError("ValueError"));

            // A save of a service that is not there (deleted meanwhile), and one of a field the table has not.
            JsonNode gone = json("""
                    {"nova_object.name": "Service", "nova_object.namespace": "nova", "nova_object.version": "1.22",
                     "nova_object.data": {"id": 987654, "host": "gone", "binary": "nova-compute", "report_count": 5},
                     "nova_object.changes": ["report_count"]}""");
            assertThatThrownBy(() -> objects.action(context, gone, "save", NO_ARGS, NO_KWARGS))
                    .satisfies(remoteError("ServiceNotFound"));
            objects.action(context, newService("zed-2"), "create", NO_ARGS, NO_KWARGS);
            JsonNode odd = objects.classAction(context, "Service", "get_by_compute_host", VERSIONS,
                    json("[\"zed-2\"]"), NO_KWARGS).deepCopy();
            ((ObjectNode) odd).putArray("nova_object.changes").add("availability_zone");
            assertThatThrownBy(() -> objects.action(context, odd, "save", NO_ARGS, NO_KWARGS))
                    .satisfies(remoteError("ValueError"));
            assertThat(jdbc.sql(computes).query(Long.class).single()).as("only zed-2 created").isEqualTo(before + 1);
            assertThat(jdbc.sql("SELECT COUNT(*) FROM services WHERE host = 'zed-2' AND updated_at IS NULL")
                    .query(Long.class).single()).as("the refused save wrote nothing").isEqualTo(1);
        }
    }

    private static final Map<String, String> INSTANCE_VERSIONS = Map.of("Instance", "2.7");

    private static String newInstance(JdbcClient jdbc) {
        String uuid = java.util.UUID.randomUUID().toString();
        jdbc.sql("INSERT INTO instances (uuid, display_name, project_id, user_id, flavorid, image_ref, vm_state,"
                        + " task_state, reservation_id, metadata, created_at) VALUES (?, 'vm', 'project-a', 'alice',"
                        + " '1', 'img', 'building', 'scheduling', 'r-1', '{\"role\": \"web\"}', CURRENT_TIMESTAMP)")
                .param(uuid).update();
        return uuid;
    }

    /** The instance as get_by_uuid gives it, with {@code fields} changed, as a compute sends it to save(). */
    private static ObjectNode changed(JsonNode loaded, Map<String, Object> fields) {
        ObjectNode instance = (ObjectNode) loaded.deepCopy();
        ObjectNode data = (ObjectNode) instance.get("nova_object.data");
        ArrayNode changes = instance.putArray("nova_object.changes");
        fields.forEach((field, value) -> {
            data.set(field, OsloJson.mapper().valueToTree(value));
            changes.add(field);
        });
        return instance;
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void anInstanceIsLoadedSavedWithItsExpectedStatesAndRefreshedAsAZedComputeDoesIt(TestDatabase.Kind database) {
        try (ConductorNode conductor = start(database)) {
            ObjectIndirection objects = conductor.context.getBean(ObjectIndirection.class);
            JdbcClient jdbc = conductor.context.getBean(JdbcClient.class);
            String uuid = newInstance(jdbc);

            JsonNode loaded = objects.classAction(context, "Instance", "get_by_uuid", INSTANCE_VERSIONS,
                    json("[\"" + uuid + "\"]"), json("{\"expected_attrs\": [\"flavor\", \"info_cache\"]}"));
            JsonNode fields = loaded.get("nova_object.data");
            assertThat(fields.get("id").canConvertToLong()).as("Nova's integer id").isTrue();
            assertThat(fields.get("vm_state").asString()).isEqualTo("building");
            assertThat(fields.get("flavor").get("nova_object.name").asString()).isEqualTo("Flavor");
            assertThat(fields.get("info_cache").get("nova_object.name").asString()).isEqualTo("InstanceInfoCache");
            assertThat(fields.get("metadata").get("role").asString()).isEqualTo("web");

            // As the build goes: task_state networking, expected from scheduling.
            ArrayNode saved = objects.action(context, changed(loaded, Map.of("task_state", "networking")), "save",
                    NO_ARGS, json("{\"expected_task_state\": [\"scheduling\", null]}"));
            assertThat(saved.get(0).propertyNames()).contains("updated_at", "obj_what_changed")
                    .doesNotContain("task_state", "uuid");
            assertThat(jdbc.sql("SELECT task_state FROM instances WHERE uuid = ?").param(uuid).query(String.class)
                    .single()).isEqualTo("networking");

            // A save expecting a state the instance has left: Nova's error, nothing written.
            assertThatThrownBy(() -> objects.action(context, changed(loaded, Map.of("vm_state", "active")), "save",
                    NO_ARGS, json("{\"expected_task_state\": \"spawning\"}")))
                    .satisfies(remoteError("UnexpectedTaskStateError"))
                    .hasMessage("Conflict updating instance " + uuid + ". Expected: {'task_state': ['spawning']}."
                            + " Actual: {'task_state': 'networking'}");
            assertThatThrownBy(() -> objects.action(context, changed(loaded, Map.of("vm_state", "active")), "save",
                    NO_ARGS, json("{\"expected_vm_state\": [\"stopped\"]}")))
                    .satisfies(remoteError("UnexpectedTaskStateError"));
            // refresh() brings the object up to the table: its task_state comes back as it is there.
            JsonNode refreshed = objects.action(context, changed(loaded, Map.of("task_state", "rebooting")),
                    "refresh", NO_ARGS, NO_KWARGS).get(0);
            assertThat(refreshed.get("task_state").asString()).isEqualTo("networking");

            // Deleted while building: the next save is told so, as Nova tells a build to stop.
            jdbc.sql("UPDATE instances SET task_state = 'deleting' WHERE uuid = ?").param(uuid).update();
            assertThatThrownBy(() -> objects.action(context, changed(loaded, Map.of("task_state", "spawning")),
                    "save", NO_ARGS, json("{\"expected_task_state\": [\"block_device_mapping\"]}")))
                    .satisfies(remoteError("UnexpectedDeletingTaskStateError"));
            objects.action(context, changed(loaded, Map.of("vm_state", "deleted", "task_state",
                    "deleting")), "save", NO_ARGS, NO_KWARGS);
            objects.action(context, loaded, "destroy", NO_ARGS, NO_KWARGS);
            assertThatThrownBy(() -> objects.action(context, changed(loaded, Map.of("task_state", "spawning")),
                    "save", NO_ARGS, NO_KWARGS))
                    .satisfies(remoteError("InstanceNotFound"));
            assertThatThrownBy(() -> objects.classAction(context, "Instance", "get_by_uuid", INSTANCE_VERSIONS,
                    json("[\"" + uuid + "\"]"), NO_KWARGS))
                    .satisfies(remoteError("InstanceNotFound"));
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void eventsFaultsAndTheInfoCacheAreRecordedAsAZedComputeSendsThem(TestDatabase.Kind database) {
        try (ConductorNode conductor = start(database)) {
            ObjectIndirection objects = conductor.context.getBean(ObjectIndirection.class);
            JdbcClient jdbc = conductor.context.getBean(JdbcClient.class);
            String uuid = newInstance(jdbc);
            Map<String, String> versions = Map.of("InstanceActionEvent", "1.4");

            assertThat(objects.classAction(context, "InstanceActionEvent", "event_start", versions,
                    json("[\"" + uuid + "\", \"compute__do_build_and_run_instance\"]"),
                    json("{\"want_result\": false, \"host\": \"zed-1\"}"))).isNull();
            objects.classAction(context, "InstanceActionEvent", "event_finish_with_failure", versions,
                    json("[\"" + uuid + "\", \"compute__do_build_and_run_instance\"]"),
                    json("{\"exc_val\": \"Build aborted\", \"exc_tb\": \"Traceback\", \"want_result\": false}"));
            assertThat(jdbc.sql("SELECT e.event, e.host, e.result, e.traceback, e.details, a.message FROM"
                    + " instance_actions_events e JOIN instance_actions a ON a.id = e.action_id WHERE"
                    + " a.instance_uuid = ?").param(uuid).query().singleRow())
                    .containsEntry("event", "compute__do_build_and_run_instance").containsEntry("host", "zed-1")
                    .containsEntry("result", "Error").containsEntry("traceback", "Traceback")
                    .containsEntry("details", "Build aborted").containsEntry("message", "Error");

            JsonNode fault = json("""
                    {"nova_object.name": "InstanceFault", "nova_object.namespace": "nova", "nova_object.version": "1.2",
                     "nova_object.data": {"instance_uuid": "%s", "code": 500, "message": "Build aborted",
                                          "details": "Traceback", "host": "zed-1"},
                     "nova_object.changes": ["instance_uuid", "message", "host", "code", "details"]}""".formatted(uuid));
            JsonNode created = objects.action(context, fault, "create", NO_ARGS, NO_KWARGS).get(0);
            assertThat(created.propertyNames()).contains("id", "created_at", "obj_what_changed")
                    .doesNotContain("message");
            assertThat(jdbc.sql("SELECT message FROM instance_faults WHERE instance_uuid = ?").param(uuid)
                    .query(String.class).single()).isEqualTo("Build aborted");

            JsonNode cache = json("""
                    {"nova_object.name": "InstanceInfoCache", "nova_object.namespace": "nova",
                     "nova_object.version": "1.5",
                     "nova_object.data": {"instance_uuid": "%s", "network_info": "[{\\"id\\": \\"port-1\\"}]"},
                     "nova_object.changes": ["network_info"]}""".formatted(uuid));
            objects.action(context, cache, "save", NO_ARGS, NO_KWARGS);
            assertThat(jdbc.sql("SELECT network_info FROM instances WHERE uuid = ?").param(uuid).query(String.class)
                    .single()).contains("port-1");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aComputeNodeIsLookedUpCreatedAndSavedAsAZedResourceTrackerDoesIt(TestDatabase.Kind database) {
        try (ConductorNode conductor = start(database)) {
            ObjectIndirection objects = conductor.context.getBean(ObjectIndirection.class);
            Map<String, String> versions = Map.of("ComputeNode", "1.19");
            JsonNode lookup = json("[\"zed-node\", \"zed-node.example.org\"]");
            assertThatThrownBy(() -> objects.classAction(context, "ComputeNode", "get_by_host_and_nodename",
                    versions, lookup, NO_KWARGS))
                    .satisfies(remoteError("ComputeHostNotFound"));

            ObjectNode node = (ObjectNode) json("""
                    {"nova_object.name": "ComputeNode", "nova_object.namespace": "nova", "nova_object.version": "1.19",
                     "nova_object.data": {"uuid": "3e0c0c8e-8f7b-4c7e-9a0e-00000000c0de", "host": "zed-node",
                       "hypervisor_hostname": "zed-node.example.org", "hypervisor_type": "QEMU", "vcpus": 8,
                       "memory_mb": 16384, "local_gb": 200, "vcpus_used": 0, "memory_mb_used": 1024,
                       "local_gb_used": 0, "cpu_allocation_ratio": 4.0, "ram_allocation_ratio": 1.0,
                       "disk_allocation_ratio": 1.0},
                     "nova_object.changes": ["uuid", "host", "hypervisor_hostname", "hypervisor_type", "vcpus",
                       "memory_mb", "local_gb", "vcpus_used", "memory_mb_used", "local_gb_used",
                       "cpu_allocation_ratio", "ram_allocation_ratio", "disk_allocation_ratio"]}""");
            JsonNode created = objects.action(context, node, "create", NO_ARGS, NO_KWARGS).get(0);
            assertThat(created.get("id").canConvertToLong()).isTrue();
            HostState host = conductor.context.getBean(HostManager.class).get("zed-node");
            assertThat(host.vcpus()).isEqualTo(8);
            assertThat(host.reservedHostMemoryMb()).as("what is used before any instance").isEqualTo(1024);

            // More vCPUs: the tracker saves the change; the node's reservations stay.
            ObjectNode grown = (ObjectNode) objects.classAction(context, "ComputeNode", "get_by_host_and_nodename",
                    versions, lookup, NO_KWARGS).deepCopy();
            ((ObjectNode) grown.get("nova_object.data")).put("vcpus", 16);
            grown.putArray("nova_object.changes").add("vcpus");
            objects.action(context, grown, "save", NO_ARGS, NO_KWARGS);
            HostState after = conductor.context.getBean(HostManager.class).get("zed-node");
            assertThat(after.vcpus()).isEqualTo(16);
            assertThat(after.reservedHostMemoryMb()).isEqualTo(1024);
        }
    }

    /** What a Zed compute's periodic tasks ask: its instances, by host, node and filters; migrations; tokens. */
    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void theListsAZedComputesPeriodicTasksAskForAreAnswered(TestDatabase.Kind database) {
        try (ConductorNode conductor = start(database)) {
            ObjectIndirection objects = conductor.context.getBean(ObjectIndirection.class);
            JdbcClient jdbc = conductor.context.getBean(JdbcClient.class);
            String here = newInstance(jdbc);
            String gone = newInstance(jdbc);
            newInstance(jdbc);
            jdbc.sql("UPDATE instances SET host = 'zed-list', node = 'zed-list' WHERE uuid IN (?, ?)")
                    .params(here, gone).update();
            jdbc.sql("UPDATE instances SET deleted = TRUE WHERE uuid = ?").param(gone).update();
            Map<String, String> versions = Map.of("InstanceList", "2.6", "Instance", "2.7");

            JsonNode byHost = objects.classAction(context, "InstanceList", "get_by_host", versions,
                    json("[\"zed-list\"]"), json("{\"expected_attrs\": [], \"use_slave\": true}"));
            assertThat(byHost.get("nova_object.name").asString()).isEqualTo("InstanceList");
            assertThat(byHost.at("/nova_object.data/objects").valueStream()
                    .map(i -> i.at("/nova_object.data/uuid").asString())).containsExactly(here);
            assertThat(objects.classAction(context, "InstanceList", "get_by_host_and_node", versions,
                    json("[\"zed-list\", \"zed-list\"]"), NO_KWARGS).at("/nova_object.data/objects")).hasSize(1);
            JsonNode deleted = objects.classAction(context, "InstanceList", "get_by_filters", versions,
                    json("[{\"deleted\": true, \"soft_deleted\": false, \"uuid\": [\"" + gone + "\", \"" + here
                            + "\"]}]"), NO_KWARGS);
            assertThat(deleted.at("/nova_object.data/objects").valueStream()
                    .map(i -> i.at("/nova_object.data/uuid").asString())).containsExactly(gone);
            assertThat(objects.classAction(context, "InstanceList", "get_by_filters", versions,
                    json("[{\"deleted\": true, \"host\": \"zed-list\", \"cleaned\": false}]"), NO_KWARGS)
                    .at("/nova_object.data/objects")).as("NovaSim's driver leaves nothing to clean").isEmpty();
            assertThatThrownBy(() -> objects.classAction(context, "InstanceList", "get_by_filters", versions,
                    json("[{\"locked_by\": \"admin\"}]"), NO_KWARGS))
                    .satisfies(remoteError("ValueError"));

            assertThat(objects.classAction(context, "MigrationList", "get_in_progress_and_error",
                    Map.of("MigrationList", "1.5"), json("[\"zed-list\", \"zed-list\"]"), NO_KWARGS)
                    .at("/nova_object.data/objects")).isEmpty();
            assertThat(objects.classAction(context, "ComputeNodeList", "get_all_by_host",
                    Map.of("ComputeNodeList", "1.17"), json("[\"zed-list\"]"), NO_KWARGS)
                    .at("/nova_object.data/objects")).as("no node reported for that host").isEmpty();
            assertThat(objects.classAction(context, "BlockDeviceMappingList", "get_by_instance_uuid",
                    Map.of("BlockDeviceMappingList", "1.18"), json("[\"" + here + "\"]"), NO_KWARGS)
                    .at("/nova_object.data/objects")).as("no volumes here").isEmpty();
            assertThat(objects.classAction(context, "ConsoleAuthToken", "clean_expired_console_auths",
                    Map.of("ConsoleAuthToken", "1.1"), NO_ARGS, NO_KWARGS)).isNull();
        }
    }
}
