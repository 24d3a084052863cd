package org.novasim.nova.compute;

import java.util.List;
import java.util.Map;

import org.novasim.messaging.RequestContext;
import org.novasim.messaging.Target;
import org.novasim.messaging.rpc.Args;
import org.novasim.messaging.rpc.RpcClient;
import org.novasim.messaging.rpc.RpcClientFactory;
import org.novasim.nova.objects.BlockDeviceMappingList;
import org.novasim.nova.objects.Instance;
import org.novasim.nova.objects.NetworkRequestList;
import org.novasim.nova.objects.RequestSpec;
import org.novasim.nova.objects.Selection;

/**
 * The client of nova-compute, as Nova's {@code nova/compute/rpcapi.py} {@code ComputeAPI}: topic {@code compute},
 * every method a cast to one host ({@code compute.<host>}), version 6.0.
 */
public final class ComputeRpcApi {

    /** The endpoint's topic, {@code nova.topics.compute} (Nova's {@code compute_topic}). */
    public static final String TOPIC_PLACEHOLDER = "${nova.topics.compute:compute}";
    public static final String VERSION = "6.0";

    private final RpcClient client;

    public ComputeRpcApi(RpcClientFactory clients, String topic) {
        this.client = clients.client(Target.topic(topic).withVersion(VERSION));
    }

    private RpcClient host(String host) {
        return client.prepare(o -> o.server(host));
    }

    /**
     * Builds an instance on {@code host}; {@code hostList} holds the alternates left for a reschedule.
     *
     * @param filterProperties the scheduler's retry record, {@code {"retry": {"num_attempts": n, "hosts": [...]}}}
     */
    public void buildAndRunInstance(RequestContext context, String host, Instance instance, Map<String, Object> image,
                                    Map<String, Object> filterProperties, String adminPassword,
                                    NetworkRequestList requestedNetworks, String node, List<Selection> hostList) {
        // Nova sends the selected host's limits; NovaSim's scheduler sets none (None, as Selection.limits).
        host(host).cast(context, "build_and_run_instance", Args.of("instance", instance, "image", image,
                "request_spec", RequestSpec.of(instance), "filter_properties", filterProperties, "accel_uuids",
                List.of(), "admin_password", adminPassword, "injected_files", List.of(), "requested_networks",
                requestedNetworks, "security_groups", List.of("default"), "block_device_mapping",
                BlockDeviceMappingList.empty(), "node", node, "limits", null, "host_list", hostList));
    }

    public void terminateInstance(RequestContext context, String host, Instance instance) {
        host(host).cast(context, "terminate_instance", Map.of("instance", instance, "bdms",
                BlockDeviceMappingList.empty()));
    }

    public void stopInstance(RequestContext context, String host, Instance instance) {
        host(host).cast(context, "stop_instance", Map.of("instance", instance, "clean_shutdown", true));
    }

    public void startInstance(RequestContext context, String host, Instance instance) {
        host(host).cast(context, "start_instance", Map.of("instance", instance));
    }

    /** @param rebootType {@code SOFT} or {@code HARD} */
    public void rebootInstance(RequestContext context, String host, Instance instance, String rebootType) {
        // Nova's API sends no block_device_info (None); the compute host looks it up itself.
        host(host).cast(context, "reboot_instance", Args.of("instance", instance, "block_device_info", null,
                "reboot_type", rebootType));
    }
}
