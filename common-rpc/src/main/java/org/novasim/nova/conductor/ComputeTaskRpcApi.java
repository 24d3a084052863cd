package org.novasim.nova.conductor;

import java.util.List;
import java.util.Map;

import org.novasim.messaging.RequestContext;
import org.novasim.messaging.Target;
import org.novasim.messaging.rpc.Args;
import org.novasim.messaging.rpc.RpcClient;
import org.novasim.messaging.rpc.RpcClientFactory;
import org.novasim.nova.objects.BlockDeviceMappingList;
import org.novasim.nova.objects.BuildRequest;
import org.novasim.nova.objects.Instance;
import org.novasim.nova.objects.NetworkRequestList;
import org.novasim.nova.objects.RequestSpec;
import org.novasim.nova.objects.Selection;
import org.novasim.nova.objects.TagList;

/**
 * The client of nova-conductor's build orchestration, as Nova's {@code ComputeTaskAPI}: topic {@code conductor},
 * namespace {@code compute_task}; both methods are casts.
 */
public final class ComputeTaskRpcApi {

    public static final String NAMESPACE = "compute_task";

    private final RpcClient client;

    /**
     * A cast the broker hands back is sent again for a few seconds: the conductor is always there, and its queue's
     * route can be missing only while it is put back after a broker node was lost (RpcClient#cast). A boot posted in
     * that moment goes on rather than waiting in BUILD for the build timeout.
     */
    public ComputeTaskRpcApi(RpcClientFactory clients, String topic) {
        this.client = clients.client(Target.topic(topic).withNamespace(NAMESPACE).withVersion("1.0"))
                .prepare(o -> o.resendUndeliverable(true));
    }

    /**
     * Schedules new instances (already in the database, vm_state building, task_state scheduling) and casts their
     * builds to the chosen hosts, as Nova's compute API does: per instance a build request (with the instance) and a
     * request spec (flavor, image, destination...), and the tags as a TagList. Version 1.17.
     */
    public void scheduleAndBuildInstances(RequestContext context, List<BuildRequest> buildRequests,
                                          List<RequestSpec> requestSpecs, Map<String, Object> image,
                                          String adminPassword, NetworkRequestList requestedNetworks, TagList tags) {
        client.prepare(o -> o.version("1.17")).cast(context, "schedule_and_build_instances",
                Args.of("build_requests", buildRequests, "request_specs", requestSpecs, "image", image,
                        "admin_password", adminPassword, "injected_files", List.of(), "requested_networks",
                        requestedNetworks, "block_device_mapping", BlockDeviceMappingList.empty(), "tags", tags));
    }

    /**
     * A compute host gave up a build that can go elsewhere: try the next alternate. Version 1.19, whose arguments
     * are those of Nova's: no block device mappings (the conductor reads them itself).
     */
    public void buildInstances(RequestContext context, Instance instance, Map<String, Object> image,
                               Map<String, Object> filterProperties, String adminPassword,
                               NetworkRequestList requestedNetworks, List<Selection> hostList) {
        client.prepare(o -> o.version("1.19")).cast(context, "build_instances", Args.of("instances", List.of(instance),
                "image", image, "filter_properties", filterProperties, "admin_password", adminPassword,
                "injected_files", List.of(), "requested_networks", requestedNetworks, "security_groups",
                List.of("default"), "request_spec", RequestSpec.of(instance), "host_lists", List.of(hostList)));
    }
}
