package org.novasim.messaging.flow;

import java.util.Collection;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

import org.novasim.messaging.transport.BindingSpec;
import org.novasim.messaging.transport.DeclaredTopology;
import org.novasim.messaging.transport.ExchangeSpec;
import org.novasim.messaging.transport.QueueSpec;

/**
 * {@code /actuator/rpc}: the topology this service declared, counters per topic and method, and the recent
 * messages, {@code ?requestId=req-...} to follow one request.
 */
@Endpoint(id = "rpc")
public class RpcActuatorEndpoint {

    private static final int DEFAULT_LIMIT = 200;

    public record Topology(Collection<ExchangeSpec> exchanges, Collection<QueueSpec> queues,
                           Collection<BindingSpec> bindings, List<DeclaredTopology.ConsumerView> consumers) {
    }

    public record Report(String host, String controlExchange, Topology topology, List<MethodCountersView> counters,
                         long recorded, List<FlowEvent> messages) {
    }

    private final MessageFlowRecorder recorder;
    private final DeclaredTopology topology;
    private final String host;
    private final String controlExchange;

    public RpcActuatorEndpoint(MessageFlowRecorder recorder, DeclaredTopology topology, String host, String controlExchange) {
        this.recorder = recorder;
        this.topology = topology;
        this.host = host;
        this.controlExchange = controlExchange;
    }

    @ReadOperation
    public Report rpc(@Nullable String requestId, @Nullable Integer limit) {
        return new Report(host, controlExchange,
                new Topology(topology.exchanges(), topology.queues(), topology.bindings(), topology.consumers()),
                recorder.counters(), recorder.total(),
                recorder.recent(requestId, limit == null ? DEFAULT_LIMIT : Math.max(0, limit)));
    }
}
