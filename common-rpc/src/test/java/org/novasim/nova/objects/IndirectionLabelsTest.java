package org.novasim.nova.objects;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import org.novasim.messaging.flow.MessageFlowRecorder;
import org.novasim.messaging.wire.OsloJson;

import tools.jackson.databind.JsonNode;

/** What the flow page and the counters call the conductor's object calls. */
class IndirectionLabelsTest {

    private final MessageFlowRecorder recorder = new MessageFlowRecorder(4, new IndirectionLabels());

    private static JsonNode json(String text) {
        return OsloJson.mapper().readTree(text);
    }

    @Test
    void objectCallsAreNamedByObjectAndMethod() {
        assertThat(recorder.label("object_action", json("""
                {"objinst": {"nova_object.name": "Instance", "nova_object.data": {}}, "objmethod": "save",
                 "args": [], "kwargs": {"expected_task_state": ["spawning"]}}"""))).isEqualTo("Instance.save");
        assertThat(recorder.label("object_class_action_versions", json("""
                {"objname": "InstanceActionEvent", "objmethod": "event_start", "object_versions": {},
                 "args": ["uuid", "compute__do_build_and_run_instance"], "kwargs": {}}""")))
                .isEqualTo("InstanceActionEvent.event_start");
    }

    @Test
    void otherMessagesAndMalformedOnesKeepTheirMethod() {
        assertThat(recorder.label("build_and_run_instance", json("{\"instance\": {}}")))
                .isEqualTo("build_and_run_instance");
        assertThat(recorder.label("object_action", json("{\"objinst\": \"not an object\", \"objmethod\": 3}")))
                .isEqualTo("object_action");
        assertThat(new MessageFlowRecorder(4).label("object_action", json("{\"objmethod\": \"save\"}")))
                .as("without the Nova layer's labels").isEqualTo("object_action");
    }
}
