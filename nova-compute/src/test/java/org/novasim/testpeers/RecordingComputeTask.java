package org.novasim.testpeers;

import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import org.jspecify.annotations.Nullable;

import org.novasim.messaging.RequestContext;
import org.novasim.messaging.rpc.RpcEndpoint;
import org.novasim.nova.conductor.ComputeTaskRpcApi;
import org.novasim.nova.objects.BlockDeviceMappingList;
import org.novasim.nova.objects.Instance;
import org.novasim.nova.objects.NetworkRequestList;
import org.novasim.nova.objects.RequestSpec;
import org.novasim.nova.objects.Selection;

/** Stands in for nova-conductor's compute_task namespace and keeps the reschedules it was sent. */
@RpcEndpoint(topic = "started-by-the-test", namespace = ComputeTaskRpcApi.NAMESPACE, version = "1.24")
public class RecordingComputeTask {

    public record Reschedule(Instance instance, Map<String, Object> filterProperties, List<List<Selection>> hostLists) {
    }

    public final BlockingQueue<Reschedule> reschedules = new LinkedBlockingQueue<>();

    public void buildInstances(RequestContext context, List<Instance> instances, @Nullable Map<String, Object> image,
                               @Nullable Map<String, Object> filterProperties, @Nullable String adminPassword,
                               @Nullable List<Object> injectedFiles, @Nullable NetworkRequestList requestedNetworks,
                               @Nullable List<Object> securityGroups,
                               @Nullable BlockDeviceMappingList blockDeviceMapping,
                               @Nullable RequestSpec requestSpec, List<List<Selection>> hostLists) {
        reschedules.add(new Reschedule(instances.getFirst(), filterProperties, hostLists));
    }
}
