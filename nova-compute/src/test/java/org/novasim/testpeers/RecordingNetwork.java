package org.novasim.testpeers;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import org.novasim.messaging.RequestContext;
import org.novasim.messaging.rpc.RpcEndpoint;
import org.novasim.nova.exception.NoMoreFixedIps;
import org.novasim.nova.network.Ip;
import org.novasim.nova.network.Network;
import org.novasim.nova.network.Subnet;
import org.novasim.nova.network.Vif;
import org.novasim.nova.objects.NetworkRequestList;

/**
 * Stands in for nova-network: one address per instance; instances named {@code full-*} meet an exhausted pool and
 * {@code slow-*} a network that answers after the caller's timeout.
 */
@RpcEndpoint(topic = "started-by-the-test", version = "1.17")
public class RecordingNetwork {

    public final Set<String> allocated = ConcurrentHashMap.newKeySet();
    public final Set<String> deallocated = ConcurrentHashMap.newKeySet();

    public List<Vif> allocateForInstance(RequestContext context, String instanceId, @Nullable String projectId,
                                         @Nullable String host, @Nullable Double rxtxFactor, @Nullable Boolean vpn,
                                         @Nullable NetworkRequestList requestedNetworks) throws InterruptedException {
        if (instanceId.startsWith("full-")) {
            throw new NoMoreFixedIps("private");
        }
        if (instanceId.startsWith("slow-")) {
            Thread.sleep(3000);
        }
        allocated.add(instanceId);
        Subnet subnet = new Subnet("10.0.0.0/24", 4, Ip.gateway("10.0.0.1"), List.of(), List.of(),
                List.of(Ip.fixed("10.0.0.7")), Map.of());
        return List.of(new Vif("vif-1", "fa:16:3e:00:00:07", "bridge", Map.of(), null, null, null, null, false,
                "normal", null, false, Map.of(), new Network("net-1", "br100", "private", List.of(subnet), Map.of())));
    }

    public void deallocateForInstance(RequestContext context, String instanceId, @Nullable String projectId,
                                      @Nullable String host) {
        deallocated.add(instanceId);
    }
}
