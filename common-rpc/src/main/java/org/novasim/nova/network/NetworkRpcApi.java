package org.novasim.nova.network;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.novasim.messaging.RequestContext;
import org.novasim.messaging.Target;
import org.novasim.messaging.rpc.RpcClient;
import org.novasim.messaging.rpc.RpcClientFactory;
import org.novasim.nova.objects.NetworkRequestList;

import tools.jackson.core.type.TypeReference;

/**
 * The client of nova-network, as legacy Nova's {@code nova/network/rpcapi.py} {@code NetworkAPI}: topic
 * {@code network} ({@code nova.topics.network}), base version 1.0; both methods are calls.
 */
public final class NetworkRpcApi {

    /** The endpoint's topic, {@code nova.topics.network} (Nova's {@code network_topic}). */
    public static final String TOPIC_PLACEHOLDER = "${nova.topics.network:network}";

    private static final TypeReference<List<Vif>> NETWORK_INFO = new TypeReference<>() { };

    private final RpcClient client;

    /**
     * A call the broker hands back is sent again within its timeout, as the conductor's are: nova-network is always
     * there, and its route can be missing only for the seconds it takes to put back after a broker node was lost.
     * A nova-network that is really gone still ends the build once the (short) network timeout has passed.
     */
    public NetworkRpcApi(RpcClientFactory clients, String topic) {
        this.client = clients.client(Target.topic(topic).withVersion("1.0")).prepare(o -> o.resendUndeliverable(true));
    }

    private NetworkRpcApi(RpcClient client) {
        this.client = client;
    }

    /** The same client with another call timeout (the boot path's budget for networking). */
    public NetworkRpcApi withTimeout(Duration timeout) {
        return new NetworkRpcApi(client.prepare(o -> o.timeout(timeout)));
    }

    /** Allocates a fixed IP on every configured network and returns the instance's {@code network_info}. Version 1.13. */
    public List<Vif> allocateForInstance(RequestContext context, String instanceId, String projectId, String host,
                                         double rxtxFactor, boolean vpn) {
        return client.prepare(o -> o.version("1.13")).call(context, "allocate_for_instance",
                Map.of("instance_id", instanceId, "project_id", projectId, "host", host, "rxtx_factor", rxtxFactor,
                        "vpn", vpn, "requested_networks", new NetworkRequestList(List.of())), NETWORK_INFO);
    }

    /** Frees the instance's addresses; version 1.0's arguments (instance id, project, host). */
    public void deallocateForInstance(RequestContext context, String instanceId, String projectId, String host) {
        client.call(context, "deallocate_for_instance",
                Map.of("instance_id", instanceId, "project_id", projectId, "host", host));
    }
}
