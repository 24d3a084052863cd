package org.novasim.nova.conductor;

import java.util.List;
import java.util.Map;

import org.novasim.messaging.RequestContext;
import org.novasim.messaging.Target;
import org.novasim.messaging.rpc.Args;
import org.novasim.messaging.rpc.RpcClient;
import org.novasim.messaging.rpc.RpcClientFactory;
import org.novasim.nova.objects.Instance;
import org.novasim.nova.objects.Selection;

/**
 * The client of nova-conductor's build orchestration, as Nova's {@code ComputeTaskAPI}: topic {@code conductor},
 * namespace {@code compute_task}; both methods are casts.
 */
public final class ComputeTaskRpcApi {

    public static final String NAMESPACE = "compute_task";

    private final RpcClient client;

    public ComputeTaskRpcApi(RpcClientFactory clients, String topic) {
        this.client = clients.client(Target.topic(topic).withNamespace(NAMESPACE).withVersion("1.0"));
    }

    /**
     * Schedules new instances (already in the database, vm_state building, task_state scheduling) and casts their
     * builds to the chosen hosts. Version 1.17.
     *
     * @param requestedNetworks {@code "auto"}, {@code "none"} or a list of networks
     */
    public void scheduleAndBuildInstances(RequestContext context, List<String> instanceUuids, Map<String, Object> image,
                                          String adminPassword, Object requestedNetworks) {
        client.prepare(o -> o.version("1.17")).cast(context, "schedule_and_build_instances",
                Args.of("build_requests", instanceUuids.stream().map(u -> Map.of("instance_uuid", u)).toList(),
                        "request_specs", List.of(), "image", image, "admin_password", adminPassword,
                        "injected_files", List.of(), "requested_networks", requestedNetworks,
                        "block_device_mapping", List.of(), "tags", List.of()));
    }

    /** A compute host gave up a build that can go elsewhere: try the next alternate. Version 1.19. */
    public void buildInstances(RequestContext context, Instance instance, Map<String, Object> image,
                               Map<String, Object> filterProperties, String adminPassword, Object requestedNetworks,
                               List<Selection> hostList) {
        client.prepare(o -> o.version("1.19")).cast(context, "build_instances", Args.of("instances", List.of(instance),
                "image", image, "filter_properties", filterProperties, "admin_password", adminPassword,
                "injected_files", List.of(), "requested_networks", requestedNetworks, "security_groups",
                List.of("default"), "block_device_mapping", List.of(), "request_spec", Map.of(),
                "host_lists", List.of(hostList)));
    }
}
