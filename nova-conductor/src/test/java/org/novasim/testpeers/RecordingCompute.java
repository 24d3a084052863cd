package org.novasim.testpeers;

import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import org.jspecify.annotations.Nullable;

import org.novasim.messaging.RequestContext;
import org.novasim.messaging.rpc.RpcEndpoint;
import org.novasim.nova.objects.BlockDeviceMappingList;
import org.novasim.nova.objects.Instance;
import org.novasim.nova.objects.NetworkRequestList;
import org.novasim.nova.objects.RequestSpec;
import org.novasim.nova.objects.Selection;

/** Stands in for one nova-compute host on the broker and keeps the builds it was sent. */
@RpcEndpoint(topic = "started-by-the-test", version = "6.1")
public class RecordingCompute {

    public record Build(String host, Instance instance, Map<String, Object> filterProperties, String node,
                        List<Selection> hostList, String requestId) {
    }

    private final String host;
    private final BlockingQueue<Build> builds;

    public RecordingCompute(String host, BlockingQueue<Build> builds) {
        this.host = host;
        this.builds = builds;
    }

    public static BlockingQueue<Build> newQueue() {
        return new LinkedBlockingQueue<>();
    }

    public void buildAndRunInstance(RequestContext context, Instance instance, Map<String, Object> image,
                                    RequestSpec requestSpec, Map<String, Object> filterProperties,
                                    @Nullable List<String> accelUuids, @Nullable String adminPassword,
                                    @Nullable List<Object> injectedFiles, @Nullable NetworkRequestList requestedNetworks,
                                    @Nullable List<Object> securityGroups,
                                    @Nullable BlockDeviceMappingList blockDeviceMapping,
                                    @Nullable String node, @Nullable Map<String, Object> limits,
                                    @Nullable List<Selection> hostList) {
        builds.add(new Build(host, instance, filterProperties, node, hostList, context.requestId()));
    }
}
