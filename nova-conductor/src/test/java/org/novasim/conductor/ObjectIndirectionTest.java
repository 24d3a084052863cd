package org.novasim.conductor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.simple.JdbcClient;

import org.novasim.conductor.objects.ObjectIndirection;
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

    private static String remoteClass(Throwable e) {
        return ((RemoteExceptionIdentity) e).remoteClass();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aServiceIsCreatedAndHeartbeatenAsAZedComputeDoesIt(TestDatabase.Kind database) {
        try (ConductorNode conductor = ConductorNode.start(database, state, TestBroker.uniqueName("test_objects"),
                TestBroker.uniqueName("conductor"))) {
            ObjectIndirection objects = conductor.context.getBean(ObjectIndirection.class);
            RequestContext context = RequestContext.admin();
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
            JdbcClient jdbc = conductor.context.getBean(JdbcClient.class);
            assertThat(jdbc.sql("SELECT report_count FROM services WHERE host = 'zed-1'").query(Integer.class)
                    .single()).isEqualTo(1);

            assertThatThrownBy(() -> objects.action(context, newService("zed-1"), "create", NO_ARGS, NO_KWARGS))
                    .satisfies(e -> assertThat(remoteClass(e)).isEqualTo("ServiceBinaryExists"));
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void whatNovaRefusesIsRefusedWithItsClassesAndNothingIsWritten(TestDatabase.Kind database) {
        try (ConductorNode conductor = ConductorNode.start(database, state, TestBroker.uniqueName("test_objects"),
                TestBroker.uniqueName("conductor"))) {
            ObjectIndirection objects = conductor.context.getBean(ObjectIndirection.class);
            RequestContext context = RequestContext.admin();
            JdbcClient jdbc = conductor.context.getBean(JdbcClient.class);
            String computes = "SELECT COUNT(*) FROM services WHERE \"binary\" = 'nova-compute'";
            long before = jdbc.sql(computes).query(Long.class).single();

            assertThatThrownBy(() -> objects.classAction(context, "NoSuchObject", "get_by_id",
                    Map.of("NoSuchObject", "1.0"), NO_ARGS, NO_KWARGS))
                    .satisfies(e -> assertThat(remoteClass(e)).isEqualTo("UnsupportedObjectError"));
            assertThatThrownBy(() -> objects.classAction(context, "Service", "get_by_compute_host",
                    Map.of("Service", "1.99"), json("[\"h\"]"), NO_KWARGS))
                    .satisfies(e -> assertThat(remoteClass(e)).isEqualTo("IncompatibleObjectVersion"));
            assertThatThrownBy(() -> objects.classAction(context, "Service", "no_such_method", VERSIONS, NO_ARGS,
                    NO_KWARGS)).satisfies(e -> assertThat(remoteClass(e)).isEqualTo("AttributeError"))
                    .hasMessage("type object 'Service' has no attribute 'no_such_method'");
            assertThatThrownBy(() -> objects.classAction(context, "Service", "get_by_compute_host", VERSIONS,
                    json("[\"nowhere\"]"), NO_KWARGS))
                    .satisfies(e -> assertThat(remoteClass(e)).isEqualTo("ComputeHostNotFound"));
            assertThatThrownBy(() -> objects.action(context, json("{\"not\": \"a primitive\"}"), "save", NO_ARGS,
                    NO_KWARGS)).satisfies(e -> assertThat(remoteClass(e)).isEqualTo("ValueError"));

            // A save of a service that is not there (deleted meanwhile), and one of a field the table has not.
            JsonNode gone = json("""
                    {"nova_object.name": "Service", "nova_object.namespace": "nova", "nova_object.version": "1.22",
                     "nova_object.data": {"id": 987654, "host": "gone", "binary": "nova-compute", "report_count": 5},
                     "nova_object.changes": ["report_count"]}""");
            assertThatThrownBy(() -> objects.action(context, gone, "save", NO_ARGS, NO_KWARGS))
                    .satisfies(e -> assertThat(remoteClass(e)).isEqualTo("ServiceNotFound"));
            objects.action(context, newService("zed-2"), "create", NO_ARGS, NO_KWARGS);
            JsonNode odd = objects.classAction(context, "Service", "get_by_compute_host", VERSIONS,
                    json("[\"zed-2\"]"), NO_KWARGS).deepCopy();
            ((ObjectNode) odd).putArray("nova_object.changes").add("availability_zone");
            assertThatThrownBy(() -> objects.action(context, odd, "save", NO_ARGS, NO_KWARGS))
                    .satisfies(e -> assertThat(remoteClass(e)).isEqualTo("ValueError"));
            assertThat(jdbc.sql(computes).query(Long.class).single()).as("only zed-2 created").isEqualTo(before + 1);
            assertThat(jdbc.sql("SELECT COUNT(*) FROM services WHERE host = 'zed-2' AND updated_at IS NULL")
                    .query(Long.class).single()).as("the refused save wrote nothing").isEqualTo(1);
        }
    }
}
