package org.novasim.testpeers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jspecify.annotations.Nullable;

import org.novasim.messaging.RequestContext;
import org.novasim.messaging.rpc.RpcEndpoint;
import org.novasim.nova.conductor.ComputeNodeResources;
import org.novasim.nova.conductor.ConductorRpcApi;

/**
 * Stands in for nova-conductor on the broker and keeps what it was told. (Outside the services' packages, so their
 * component scan does not pick it up: tests start it themselves.)
 */
@RpcEndpoint(topic = "started-by-the-test", version = ConductorRpcApi.VERSION)
public class RecordingConductor {

    public final Map<String, Integer> heartbeats = new ConcurrentHashMap<>();
    public final List<ComputeNodeResources> nodes = new CopyOnWriteArrayList<>();
    /** Per instance, every update in order. */
    public final Map<String, List<Map<String, Object>>> updates = new ConcurrentHashMap<>();
    public final Map<String, List<String>> faults = new ConcurrentHashMap<>();
    /** Per instance, "event:start" and "event:Result" in order. */
    public final Map<String, List<String>> events = new ConcurrentHashMap<>();

    public void serviceUpdate(RequestContext context, String host, String binary, String topic) {
        assertThat(binary).isEqualTo("nova-compute");
        heartbeats.merge(host, 1, Integer::sum);
    }

    public void computeNodeUpdate(RequestContext context, ComputeNodeResources node) {
        nodes.add(node);
    }

    public void instanceUpdate(RequestContext context, String instanceUuid, Map<String, Object> updates,
                               @Nullable List<String> expectedTaskState) {
        this.updates.computeIfAbsent(instanceUuid, k -> new CopyOnWriteArrayList<>()).add(updates);
    }

    public void instanceFaultCreate(RequestContext context, String instanceUuid, int code, String message,
                                    @Nullable String details, @Nullable String host) {
        faults.computeIfAbsent(instanceUuid, k -> new CopyOnWriteArrayList<>()).add(message);
    }

    public void actionEventStart(RequestContext context, String instanceUuid, String event, @Nullable String host) {
        events.computeIfAbsent(instanceUuid, k -> new CopyOnWriteArrayList<>()).add(event + ":start");
    }

    public void actionEventFinish(RequestContext context, String instanceUuid, String event, String result,
                                  @Nullable String traceback) {
        events.computeIfAbsent(instanceUuid, k -> new CopyOnWriteArrayList<>()).add(event + ":" + result);
    }

    /** The instance's state after all its updates so far. */
    public Map<String, Object> state(String instanceUuid) {
        Map<String, Object> state = new java.util.HashMap<>();
        updates.getOrDefault(instanceUuid, List.of()).forEach(state::putAll);
        return state;
    }
}
