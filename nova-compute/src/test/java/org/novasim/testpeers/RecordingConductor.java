package org.novasim.testpeers;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

    /** Instances whose fault this conductor takes and then fails to answer for. */
    public static final String UNRECORDABLE = "unrecordable-";

    /** Instances whose first fault and first ERROR update this conductor applies but answers too late. */
    public static final String REPLY_LOST = "reply-lost-";
    /** Longer than the callers' rpc-response-timeout in the tests that use {@link #REPLY_LOST}. */
    public static final Duration REPLY_DELAY = Duration.ofSeconds(6);
    private final Set<String> repliesLost = ConcurrentHashMap.newKeySet();

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
        if ("error".equals(String.valueOf(updates.get("vm_state")))) {
            loseTheFirstReply(instanceUuid, "error");
        }
    }

    /** For {@link #REPLY_LOST} instances, answers the first such call after the caller has stopped waiting. */
    private void loseTheFirstReply(String instanceUuid, String call) {
        if (instanceUuid.startsWith(REPLY_LOST) && repliesLost.add(instanceUuid + ":" + call)) {
            try {
                Thread.sleep(REPLY_DELAY.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public void instanceFaultCreate(RequestContext context, String instanceUuid, int code, String message,
                                    @Nullable String details, @Nullable String host) {
        faults.computeIfAbsent(instanceUuid, k -> new CopyOnWriteArrayList<>()).add(message);
        loseTheFirstReply(instanceUuid, "fault");
        if (instanceUuid.startsWith(UNRECORDABLE)) {
            throw new IllegalStateException("the fault of " + instanceUuid + " is lost, as with a broker node gone");
        }
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
