package org.novasim.nova.conductor;

import java.time.Duration;
import java.util.Map;

import org.novasim.messaging.RequestContext;
import org.novasim.messaging.Target;
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

    public ConductorRpcApi(RpcClientFactory clients, String topic) {
        this.client = clients.client(Target.topic(topic).withVersion(VERSION));
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
}
