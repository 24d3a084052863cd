package org.novasim.nova.scheduler;

import java.util.List;

import org.novasim.messaging.RequestContext;
import org.novasim.messaging.Target;
import org.novasim.messaging.rpc.Args;
import org.novasim.messaging.rpc.RpcClient;
import org.novasim.messaging.rpc.RpcClientFactory;
import org.novasim.nova.objects.NovaObjects;
import org.novasim.nova.objects.RequestSpec;
import org.novasim.nova.objects.Selection;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.node.ObjectNode;

/**
 * The client of nova-scheduler, as Nova Zed's {@code nova/scheduler/rpcapi.py} {@code SchedulerAPI} (topic
 * {@code scheduler}): the conductor's {@code select_destinations} call (4.5), and the computes' fanout casts that
 * keep every scheduler's view of the instances on each host (4.2).
 */
public final class SchedulerRpcApi {

    /** The endpoint's topic, {@code nova.topics.scheduler} (Nova's {@code scheduler} RPC_TOPIC). */
    public static final String TOPIC_PLACEHOLDER = "${nova.topics.scheduler:scheduler}";
    public static final String VERSION = "4.5";
    private static final String INSTANCE_INFO_VERSION = "4.2";
    private static final TypeReference<List<List<Selection>>> HOST_LISTS = new TypeReference<>() { };

    private final RpcClient client;
    private final RpcClient fanout;

    public SchedulerRpcApi(RpcClientFactory clients, String topic) {
        this.client = clients.client(Target.topic(topic).withVersion(VERSION));
        this.fanout = clients.client(Target.topic(topic).withVersion(INSTANCE_INFO_VERSION).withFanout(true));
    }

    /**
     * Hosts for the instances of {@code spec}, as Nova's conductor asks with {@code return_objects} and
     * {@code return_alternates}: per instance, the chosen host (already claimed) and the alternates.
     */
    public List<List<Selection>> selectDestinations(RequestContext context, RequestSpec spec,
                                                    List<String> instanceUuids) {
        return client.call(context, "select_destinations", Args.of("instance_uuids", instanceUuids, "spec_obj", spec,
                "return_objects", true, "return_alternates", true), HOST_LISTS);
    }

    /** An instance built or changed on the host, as an InstanceList of it ({@code _update_scheduler_instance_info}). */
    public void updateInstanceInfo(RequestContext context, String hostName, ObjectNode instance) {
        fanout.cast(context, "update_instance_info", Args.of("host_name", hostName, "instance_info",
                NovaObjects.instanceList(List.of(instance))));
    }

    /** An instance gone from the host. */
    public void deleteInstanceInfo(RequestContext context, String hostName, String instanceUuid) {
        fanout.cast(context, "delete_instance_info", Args.of("host_name", hostName, "instance_uuid", instanceUuid));
    }

    /** Every instance on the host, by uuid ({@code _sync_scheduler_instance_info}). */
    public void syncInstanceInfo(RequestContext context, String hostName, List<String> instanceUuids) {
        fanout.cast(context, "sync_instance_info", Args.of("host_name", hostName, "instance_uuids", instanceUuids));
    }
}
