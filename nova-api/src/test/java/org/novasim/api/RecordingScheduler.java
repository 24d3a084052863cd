package org.novasim.api;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import org.novasim.messaging.RequestContext;
import org.novasim.messaging.rpc.RpcEndpoint;
import org.novasim.nova.conductor.ComputeTaskRpcApi;
import org.novasim.nova.objects.BlockDeviceMappingList;
import org.novasim.nova.objects.BuildRequest;
import org.novasim.nova.objects.NetworkRequestList;
import org.novasim.nova.objects.RequestSpec;

/** Stands in for nova-conductor's compute_task namespace and keeps the builds nova-api asked for. */
@RpcEndpoint(topic = "started-by-the-test", namespace = ComputeTaskRpcApi.NAMESPACE, version = "1.24")
public class RecordingScheduler {

    public record Build(RequestContext context, List<String> instanceUuids, NetworkRequestList requestedNetworks,
                        List<BuildRequest> buildRequests, List<RequestSpec> requestSpecs) {
    }

    private final Map<String, Build> byInstance = new ConcurrentHashMap<>();

    public void scheduleAndBuildInstances(RequestContext context, List<BuildRequest> buildRequests,
                                          @Nullable List<RequestSpec> requestSpecs, @Nullable Map<String, Object> image,
                                          @Nullable String adminPassword, @Nullable List<Object> injectedFiles,
                                          @Nullable NetworkRequestList requestedNetworks,
                                          @Nullable BlockDeviceMappingList blockDeviceMapping, @Nullable Object tags) {
        Build build = new Build(context, buildRequests.stream().map(BuildRequest::instanceUuid).toList(),
                requestedNetworks, buildRequests, requestSpecs == null ? List.of() : requestSpecs);
        build.instanceUuids().forEach(uuid -> byInstance.put(uuid, build));
    }

    /** The build cast that named this instance, waiting up to ten seconds for it; null if none came. */
    public Build awaitBuildOf(String instanceUuid) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!byInstance.containsKey(instanceUuid) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return byInstance.get(instanceUuid);
    }
}
