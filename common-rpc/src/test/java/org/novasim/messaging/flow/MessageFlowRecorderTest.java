package org.novasim.messaging.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.novasim.messaging.flow.FlowEvent.Direction;
import org.novasim.messaging.flow.FlowEvent.Kind;
import org.novasim.messaging.flow.FlowEvent.Outcome;

class MessageFlowRecorderTest {

    private static FlowEvent event(long second, String requestId, Direction direction, Kind kind, Outcome outcome) {
        return FlowEvent.at(Instant.ofEpochSecond(second), direction, kind, "nova", "compute", "compute",
                "build_and_run_instance", null, requestId, 1.0, outcome, null);
    }

    @Test
    void keepsTheNewestMessagesInTheOrderTheyHappened() {
        MessageFlowRecorder recorder = new MessageFlowRecorder(3);
        for (int i = 1; i <= 5; i++) {
            recorder.record(event(i, "req-" + i, Direction.SENT, Kind.CAST, Outcome.SENT));
        }
        assertThat(recorder.recent(null, 10)).extracting(FlowEvent::requestId).containsExactly("req-3", "req-4", "req-5");
        assertThat(recorder.recent(null, 2)).extracting(FlowEvent::requestId).containsExactly("req-4", "req-5");
        assertThat(recorder.recent("req-4", 10)).hasSize(1);
        assertThat(recorder.recent("req-1", 10)).isEmpty();
        assertThat(recorder.total()).isEqualTo(5);
    }

    @Test
    void ordersByWhenASendBeganNotWhenItWasRecorded() {
        MessageFlowRecorder recorder = new MessageFlowRecorder(10);
        recorder.record(event(2, "r", Direction.RECEIVED, Kind.CALL, Outcome.HANDLED));
        recorder.record(event(1, "r", Direction.SENT, Kind.CALL, Outcome.SENT));
        assertThat(recorder.recent("r", 10)).extracting(FlowEvent::direction).containsExactly(Direction.SENT, Direction.RECEIVED);
    }

    @Test
    void countsPerTopicAndMethodAndTellsListeners() {
        MessageFlowRecorder recorder = new MessageFlowRecorder(10);
        List<FlowEvent> heard = new ArrayList<>();
        recorder.addListener(heard::add);
        recorder.record(event(1, "a", Direction.SENT, Kind.CALL, Outcome.SENT));
        recorder.record(event(2, "a", Direction.RECEIVED, Kind.CALL, Outcome.HANDLED));
        recorder.record(event(3, "a", Direction.SENT, Kind.REPLY, Outcome.SENT));
        recorder.record(event(4, "a", Direction.RECEIVED, Kind.REPLY, Outcome.REPLIED));
        recorder.record(event(5, "b", Direction.RECEIVED, Kind.CAST, Outcome.FAILED));
        recorder.record(event(6, "c", Direction.SENT, Kind.CALL, Outcome.TIMED_OUT));

        assertThat(recorder.counters()).singleElement().satisfies(c -> {
            assertThat(c.topic()).isEqualTo("compute");
            assertThat(c.method()).isEqualTo("build_and_run_instance");
            assertThat(c.sent()).isEqualTo(1);
            assertThat(c.received()).isEqualTo(2);
            assertThat(c.replied()).isEqualTo(2);
            assertThat(c.failed()).isEqualTo(1);
            assertThat(c.timedOut()).isEqualTo(1);
        });
        assertThat(heard).hasSize(6);
    }
}
