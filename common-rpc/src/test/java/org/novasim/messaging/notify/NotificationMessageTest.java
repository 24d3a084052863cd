package org.novasim.messaging.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.novasim.messaging.RequestContext;
import org.novasim.messaging.wire.Envelope;
import org.novasim.messaging.wire.OsloJson;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class NotificationMessageTest {

    @Test
    void hasTheShapeOfOslosMessagingv2Notification() throws Exception {
        JsonNode capture;
        try (InputStream in = getClass().getResourceAsStream("/wire/oslo-messaging-14.0.3-wire-capture.json")) {
            capture = OsloJson.mapper().readTree(in).get(6);
        }
        ObjectNode theirs = Envelope.unwrap(capture.get("body").asString().getBytes(StandardCharsets.UTF_8));
        VersionedPayload payload = new VersionedPayload("nova_object", "nova", "InstanceCreatePayload", "1.0",
                Map.of("uuid", "abc", "flavor", new VersionedPayload("nova_object", "nova", "FlavorPayload", "1.4",
                        Map.of("flavorid", "1"))));

        ObjectNode ours = Notifier.message("compute.c1", Priority.INFO, "instance.create.end", payload,
                RequestContext.of("req-3", "u", "p", List.of("admin"), true));

        assertThat(keys(ours).stream().filter(k -> !k.startsWith("_context_")).toList())
                .isEqualTo(keys(theirs).stream().filter(k -> !k.startsWith("_context_")).toList());
        assertThat(keys(ours.get("payload"))).isEqualTo(keys(theirs.get("payload")));
        assertThat(ours.at("/payload/nova_object.data/flavor/nova_object.name").asString()).isEqualTo("FlavorPayload");
        assertThat(ours.get("priority").asString()).isEqualTo(theirs.get("priority").asString());
        assertThat(ours.get("message_id").asString()).matches("[0-9a-f-]{36}");
        assertThat(ours.get("_context_request_id").asString()).isEqualTo("req-3");
        assertThat(capture.get("exchange").asString()).isEqualTo("openstack");
        assertThat(capture.get("rk").get(0).asString()).isEqualTo("notifications.info");
    }

    @Test
    void timestampsLikePythonsUtcnow() {
        assertThat(Notifier.timestamp()).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(\\.\\d{6})?");
    }

    private static List<String> keys(JsonNode node) {
        return new ArrayList<>(node.propertyNames());
    }
}
