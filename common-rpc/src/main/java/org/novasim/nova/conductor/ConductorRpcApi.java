package org.novasim.nova.conductor;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.novasim.messaging.RequestContext;
import org.novasim.messaging.Target;
import org.novasim.messaging.rpc.Args;
import org.novasim.messaging.rpc.RpcClient;
import org.novasim.messaging.rpc.RpcClientFactory;

/**
 * The client of nova-conductor's database proxy, as Nova's {@code nova/conductor/rpcapi.py} {@code ConductorAPI}:
 * topic {@code conductor}, the calls a service without database access makes to record its state.
 */
public final class ConductorRpcApi {

    /** The endpoint's topic, {@code nova.topics.conductor} (Nova's {@code conductor.topic}). */
    public static final String TOPIC_PLACEHOLDER = "${nova.topics.conductor:conductor}";
    public static final String VERSION = "3.0";

    private final RpcClient client;

    /**
     * A call the broker hands back is sent again until its timeout: a Zed service's conductor calls are not
     * mandatory and wait out {@code rpc_response_timeout}, so a conductor whose queue is being declared again after a
     * broker node was lost still gets them, and a build that meets that moment goes on.
     */
    public ConductorRpcApi(RpcClientFactory clients, String topic) {
        this.client = clients.client(Target.topic(topic).withVersion(VERSION)).prepare(o -> o.resendUndeliverable(true));
    }

    private ConductorRpcApi(RpcClient client) {
        this.client = client;
    }

    public ConductorRpcApi withTimeout(Duration timeout) {
        return new ConductorRpcApi(client.prepare(o -> o.timeout(timeout)));
    }

    /** A service's heartbeat ({@code Service.save()} in Nova's report_state): creates the service on first report. */
    public void serviceUpdate(RequestContext context, String host, String binary, String topic) {
        client.call(context, "service_update", Map.of("host", host, "binary", binary, "topic", topic));
    }

    /** A compute node's resources, as the resource tracker reports them. */
    public void computeNodeUpdate(RequestContext context, ComputeNodeResources node) {
        client.call(context, "compute_node_update", Map.of("node", node));
    }

    /**
     * Changes an instance's fields ({@code instance.save()} from a compute host): vm_state, task_state,
     * power_state, host, node, launched_on, launched_at, network_info.
     *
     * @param expectedTaskState when given, the update applies only if the task_state is one of these (null for
     *                          none); otherwise the call raises {@code UnexpectedTaskStateError}
     */
    public void instanceUpdate(RequestContext context, String instanceUuid, Map<String, Object> updates,
                               List<String> expectedTaskState) {
        client.call(context, "instance_update", Args.of("instance_uuid", instanceUuid, "updates", updates,
                "expected_task_state", expectedTaskState));
    }

    /** Records why an instance failed ({@code instance_faults}). */
    public void instanceFaultCreate(RequestContext context, String instanceUuid, int code, String message,
                                    String details, String host) {
        client.call(context, "instance_fault_create", Args.of("instance_uuid", instanceUuid, "code", code,
                "message", message, "details", details == null ? "" : details, "host", host));
    }

    /** Starts an event of the instance action of the context's request ({@code wrap_instance_event}). */
    public void actionEventStart(RequestContext context, String instanceUuid, String event, String host) {
        client.call(context, "action_event_start", Args.of("instance_uuid", instanceUuid, "event", event, "host", host));
    }

    /** @param result {@code Success} or {@code Error} */
    public void actionEventFinish(RequestContext context, String instanceUuid, String event, String result,
                                  String traceback) {
        client.call(context, "action_event_finish", Args.of("instance_uuid", instanceUuid, "event", event,
                "result", result, "traceback", traceback));
    }
}
