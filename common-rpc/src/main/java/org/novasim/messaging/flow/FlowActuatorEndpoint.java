package org.novasim.messaging.flow;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * {@code /actuator/flow}: the merged flow of every process publishing to the flow exchange, in time order, newest
 * last; {@code ?requestId=req-...} follows one request, {@code ?instance=<uuid>} one server;
 * {@code /actuator/flow/{id}} shows one message with its envelope (secrets left out), or 404.
 */
@Endpoint(id = "flow")
public class FlowActuatorEndpoint {

    private static final int DEFAULT_LIMIT = 500;

    public record Report(List<FlowRecord> messages, List<MethodCountersView> counters, long dropped, long collected) {
    }

    private final FlowCollector collector;

    public FlowActuatorEndpoint(FlowCollector collector) {
        this.collector = collector;
    }

    @ReadOperation
    public Report flow(@Nullable String requestId, @Nullable String instance, @Nullable Integer limit) {
        return new Report(collector.recent(blankToNull(requestId), blankToNull(instance),
                limit == null ? DEFAULT_LIMIT : Math.max(0, limit)), collector.counters(), collector.dropped(),
                collector.collected());
    }

    @ReadOperation
    public @Nullable FlowRecord message(@Selector String id) {
        return collector.find(id).orElse(null);
    }

    private static @Nullable String blankToNull(@Nullable String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
