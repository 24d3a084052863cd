package org.novasim.messaging.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.novasim.messaging.wire.Envelope;
import org.novasim.messaging.wire.OsloJson;

import tools.jackson.databind.node.ObjectNode;

/** The instance a message is about and its envelope without secrets, as the flow shows them. */
class FlowEnvelopeTest {

    private static final String UUID_1 = "0f4c1f7e-2b3a-4c5d-8e9f-001122334455";
    private static final String UUID_2 = "9a8b7c6d-5e4f-4a3b-8c2d-112233445566";
    private static final List<String> KEYS = FlowProperties.defaults().instanceKeys();
    private static final Set<String> SECRETS = Set.copyOf(FlowProperties.defaults().secretKeys());

    private static byte[] body(Map<String, Object> message) {
        return Envelope.wrap(OsloJson.mapper().valueToTree(message));
    }

    @Test
    void findsTheInstanceUnderEachOfNovasWays() {
        assertThat(read(Map.of("method", "instance_update", "args", Map.of("instance_uuid", UUID_1))).instance())
                .isEqualTo(UUID_1);
        assertThat(read(Map.of("method", "allocate_for_instance", "args", Map.of("instance_id", UUID_1, "host", "h")))
                .instance()).isEqualTo(UUID_1);
        assertThat(read(Map.of("method", "build_and_run_instance", "args", Map.of("image", Map.of("id", UUID_2),
                "instance", Map.of("nova_object.name", "Instance", "nova_object.data", Map.of("uuid", UUID_1)))))
                .instance()).as("a versioned Instance object").isEqualTo(UUID_1);
        assertThat(read(Map.of("method", "schedule_and_build_instances", "args",
                Map.of("build_requests", List.of(Map.of("instance_uuid", UUID_1), Map.of("instance_uuid", UUID_2)))))
                .instance()).as("the first of the build requests").isEqualTo(UUID_1);
        assertThat(read(Map.of("event_type", "instance.create.end", "payload",
                Map.of("nova_object.data", Map.of("uuid", UUID_1, "state", "active")))).instance())
                .as("a notification's payload").isEqualTo(UUID_1);
    }

    @Test
    void aMessageAboutNoServerHasNoInstance() {
        assertThat(read(Map.of("method", "report", "args", Map.of("host", "h", "instance_uuid", "not-a-uuid")))
                .instance()).isNull();
        assertThat(FlowEnvelope.read("not json".getBytes(), KEYS, SECRETS, true)).isEqualTo(new FlowEnvelope(null, null));
    }

    @Test
    void secretsAreReplacedWhereverTheyAre() {
        FlowEnvelope read = read(Map.of("method", "schedule_and_build_instances", "_context_auth_token", "tok",
                "_context_user_id", "alice", "args", Map.of("admin_password", "hunter2",
                        "nested", List.of(Map.of("adminPass", "p2", "password", "p3")), "name", "vm")));
        ObjectNode message = (ObjectNode) read.envelope().get(Envelope.MESSAGE_KEY);
        assertThat(read.envelope().get(Envelope.VERSION_KEY).asString()).isEqualTo("2.0");
        assertThat(message.get("_context_auth_token").asString()).isEqualTo("***");
        assertThat(message.get("_context_user_id").asString()).isEqualTo("alice");
        assertThat(message.at("/args/admin_password").asString()).isEqualTo("***");
        assertThat(message.at("/args/nested/0/adminPass").asString()).isEqualTo("***");
        assertThat(message.at("/args/nested/0/password").asString()).isEqualTo("***");
        assertThat(message.at("/args/name").asString()).isEqualTo("vm");
        assertThat(read.envelope().toString()).doesNotContain("hunter2", "tok\"", "p2", "p3");
    }

    @Test
    void withoutEnvelopesOnlyTheInstanceIsRead() {
        FlowEnvelope read = FlowEnvelope.read(body(Map.of("method", "m", "args", Map.of("instance_uuid", UUID_2))),
                KEYS, SECRETS, false);
        assertThat(read).isEqualTo(new FlowEnvelope(UUID_2, null));
    }

    private static FlowEnvelope read(Map<String, Object> message) {
        return FlowEnvelope.read(body(message), KEYS, SECRETS, true);
    }
}
