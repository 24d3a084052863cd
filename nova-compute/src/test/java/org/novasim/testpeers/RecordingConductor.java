package org.novasim.testpeers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

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

    public void serviceUpdate(RequestContext context, String host, String binary, String topic) {
        assertThat(binary).isEqualTo("nova-compute");
        heartbeats.merge(host, 1, Integer::sum);
    }

    public void computeNodeUpdate(RequestContext context, ComputeNodeResources node) {
        nodes.add(node);
    }
}
