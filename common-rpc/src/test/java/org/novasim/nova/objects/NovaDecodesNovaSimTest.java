package org.novasim.nova.objects;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import org.novasim.messaging.RequestContext;
import org.novasim.messaging.rpc.RpcClientFactory;
import org.novasim.messaging.wire.OsloJson;
import org.novasim.nova.compute.ComputeRpcApi;
import org.novasim.nova.conductor.ComputeTaskRpcApi;
import org.novasim.nova.network.Ip;
import org.novasim.nova.network.Network;
import org.novasim.nova.network.Subnet;
import org.novasim.nova.network.Vif;
import org.novasim.testsupport.MessagingNode;
import org.novasim.testsupport.PythonPeer;
import org.novasim.testsupport.TestBroker;

import tools.jackson.databind.JsonNode;

/**
 * What NovaSim's rpcapi clients send, received by Nova's own code: endpoints with Nova Zed's signatures served with
 * Nova's {@code NovaObjectSerializer} (python3-nova) decode every object argument into Nova's classes, whose field
 * types check each value, and an unexpected argument would be Python's TypeError.
 */
class NovaDecodesNovaSimTest {

    private static final String EXCHANGE = TestBroker.uniqueName("test_nova_objects");
    private static final String COMPUTE_TOPIC = TestBroker.uniqueName("compute");
    private static final String TASK_TOPIC = TestBroker.uniqueName("conductor");
    private static final Flavor TINY = new Flavor("1", "m1.tiny", 1, 512, 1, 0, 0, 1.0, true, false);

    private static ConfigurableApplicationContext node;
    private static PythonPeer nova;
    private static ComputeRpcApi compute;
    private static ComputeTaskRpcApi computeTask;

    @BeforeAll
    static void start() throws Exception {
        node = MessagingNode.start(EXCHANGE, "novasim-node", List.of());
        nova = PythonPeer.startNova(Path.of("src/test/python"), List.of("decode", "--url",
                TestBroker.get().transportUrl() + "?amqp_auto_delete=true&rabbit_transient_queues_ttl=60",
                "--exchange", EXCHANGE, "--topic", COMPUTE_TOPIC, "--task-topic", TASK_TOPIC, "--server", "host1"))
                .awaitReady(Duration.ofSeconds(90));
        RpcClientFactory clients = node.getBean(RpcClientFactory.class);
        compute = new ComputeRpcApi(clients, COMPUTE_TOPIC);
        computeTask = new ComputeTaskRpcApi(clients, TASK_TOPIC);
    }

    @AfterAll
    static void stop() throws Exception {
        if (nova != null) {
            nova.close();
        }
        if (node != null) {
            node.close();
        }
    }

    private static RequestContext context() {
        return RequestContext.of("req-" + java.util.UUID.randomUUID(), "u1", "p1", List.of("member"),
                false);
    }

    /** The next message Nova's endpoints decoded, as the peer reports it. */
    private static JsonNode decoded(String method) throws Exception {
        JsonNode line = OsloJson.mapper().readTree(nova.nextLine(Duration.ofSeconds(30)));
        assertThat(line.get("method").asString()).as("peer stderr: %s", nova.stderr()).isEqualTo(method);
        assertThat(line.get("context_class").asString()).isEqualTo("RequestContext");
        return line.get("args");
    }

    private static Instance instance() {
        Vif vif = new Vif("0b7e6f44-0d9c-4c6e-9c55-3f0c2d1f0a01", "fa:16:3e:00:00:01", "bridge", Map.of(), null, null,
                null, null, false, "normal", null, false, Map.of(), new Network("net-1", "br100", "private",
                List.of(new Subnet("10.0.0.0/24", 4, Ip.gateway("10.0.0.1"), List.of(Ip.dns("8.8.4.4")), List.of(),
                        List.of(Ip.fixed("10.0.0.3")), Map.of("dhcp_server", "10.0.0.1")), Subnet.noIpv6()),
                Map.of("tenant_id", "p1")));
        return new Instance("11111111-2222-3333-4444-555555555555", "vm1", "p1", "u1", TINY, "img-1", "host1",
                "host1", "active", "powering-off", 1, List.of(vif));
    }

    @Test
    void theBuildCastDecodesIntoNovasInstanceFlavorRequestSpecSelectionsAndLists() throws Exception {
        Instance building = new Instance("11111111-2222-3333-4444-555555555555", "vm1", "p1", "u1", TINY, "img-1",
                null, null, "building", "scheduling", null, null);
        compute.buildAndRunInstance(context(), "host1", building, Map.of("id", "img-1"),
                Map.of("retry", Map.of("num_attempts", 1, "hosts", List.of(List.of("host1", "host1")))), "pw",
                NetworkRequestList.auto(), "host1", List.of(new Selection("host2", "host2")));

        JsonNode args = decoded("build_and_run_instance");
        JsonNode instance = args.get("instance");
        assertThat(instance.get("class").asString()).isEqualTo("Instance");
        assertThat(instance.get("version").asString()).isEqualTo("2.7");
        assertThat(instance.get("fields").get("uuid").asString()).isEqualTo(building.uuid());
        assertThat(instance.get("fields").get("vm_state").asString()).isEqualTo("building");
        assertThat(instance.get("changes")).extracting(JsonNode::asString).contains("uuid", "flavor", "vm_state");
        JsonNode flavor = instance.get("fields").get("flavor");
        assertThat(flavor.get("class").asString()).isEqualTo("Flavor");
        assertThat(flavor.get("fields").get("memory_mb").asInt()).isEqualTo(512);
        assertThat(flavor.get("fields").get("rxtx_factor").asDouble()).isEqualTo(1.0);
        assertThat(args.get("request_spec").get("class").asString()).isEqualTo("RequestSpec");
        assertThat(args.get("request_spec").get("fields").get("flavor").get("class").asString()).isEqualTo("Flavor");
        assertThat(args.get("request_spec").get("fields").get("instance_uuid").asString()).isEqualTo(building.uuid());
        assertThat(args.get("host_list").get(0).get("class").asString()).isEqualTo("Selection");
        assertThat(args.get("host_list").get(0).get("fields").get("service_host").asString()).isEqualTo("host2");
        assertThat(args.get("requested_networks").get("class").asString()).isEqualTo("NetworkRequestList");
        assertThat(args.get("requested_networks").get("fields").get("objects").get(0).get("fields")
                .get("network_id").asString()).isEqualTo("auto");
        assertThat(args.get("block_device_mapping").get("class").asString()).isEqualTo("BlockDeviceMappingList");
        assertThat(args.get("node").asString()).isEqualTo("host1");
    }

    @Test
    void stopStartRebootAndTerminateCarryNovasInstanceWithItsNetworkInfo() throws Exception {
        Instance instance = instance();
        compute.stopInstance(context(), "host1", instance);
        JsonNode stopped = decoded("stop_instance").get("instance");
        assertThat(stopped.get("class").asString()).isEqualTo("Instance");
        assertThat(stopped.get("fields").get("power_state").asInt()).isEqualTo(1);
        JsonNode infoCache = stopped.get("fields").get("info_cache");
        assertThat(infoCache.get("class").asString()).isEqualTo("InstanceInfoCache");
        JsonNode vif = infoCache.get("fields").get("network_info").get(0);
        assertThat(vif.get("address").asString()).isEqualTo("fa:16:3e:00:00:01");
        assertThat(vif.get("network").get("subnets").get(0).get("ips").get(0).get("address").asString())
                .isEqualTo("10.0.0.3");

        compute.startInstance(context(), "host1", instance);
        assertThat(decoded("start_instance").get("instance").get("fields").get("uuid").asString())
                .isEqualTo(instance.uuid());
        compute.rebootInstance(context(), "host1", instance, "HARD");
        assertThat(decoded("reboot_instance").get("reboot_type").asString()).isEqualTo("HARD");
        compute.terminateInstance(context(), "host1", instance);
        assertThat(decoded("terminate_instance").get("bdms").get("class").asString())
                .isEqualTo("BlockDeviceMappingList");
    }

    @Test
    void theConductorCastsDecodeIntoNovasBuildRequestsInstancesAndHostLists() throws Exception {
        computeTask.scheduleAndBuildInstances(context(), List.of(new BuildRequest("11111111-2222-3333-4444-555555555555",
                context().projectId(), null)), List.of(), Map.of("id", "img-1"), "pw", NetworkRequestList.fromApi("auto"),
                TagList.empty());
        JsonNode scheduled = decoded("schedule_and_build_instances");
        JsonNode buildRequest = scheduled.get("build_requests").get(0);
        assertThat(buildRequest.get("class").asString()).isEqualTo("BuildRequest");
        assertThat(buildRequest.get("fields").get("instance_uuid").asString())
                .isEqualTo("11111111-2222-3333-4444-555555555555");
        assertThat(scheduled.get("requested_networks").get("class").asString()).isEqualTo("NetworkRequestList");

        Map<String, Object> filterProperties = new HashMap<>(Map.of("retry", Map.of("num_attempts", 1)));
        computeTask.buildInstances(context(), instance(), Map.of("id", "img-1"), filterProperties, null,
                NetworkRequestList.none(), List.of(new Selection("host3", "host3")));
        JsonNode rescheduled = decoded("build_instances");
        assertThat(rescheduled.get("instances").get(0).get("class").asString()).isEqualTo("Instance");
        assertThat(rescheduled.get("request_spec").get("class").asString()).isEqualTo("RequestSpec");
        assertThat(rescheduled.get("host_lists").get(0).get(0).get("class").asString()).isEqualTo("Selection");
        assertThat(rescheduled.get("requested_networks").get("fields").get("objects").get(0).get("fields")
                .get("network_id").asString()).isEqualTo("none");
    }

    @Test
    void theApisScheduleCastDecodesIntoNovasBuildRequestsRequestSpecsAndTagList() throws Exception {
        Instance building = new Instance("22222222-2222-3333-4444-555555555555", "web-1", "p1", "u1", TINY, "img-1");
        RequestSpec spec = new RequestSpec(building.uuid(), "p1", "u1", TINY, 1,
                new ImageMeta("6f6ad4a4-0f0c-4f6c-9c55-3f0c2d1f0a01", "cirros", 1, null), null,
                new Destination("host1", "host1"));
        computeTask.scheduleAndBuildInstances(context(), List.of(BuildRequest.of(building)), List.of(spec),
                Map.of("id", "img-1"), "pw", NetworkRequestList.none(), new TagList(List.of("web", "prod")));
        JsonNode scheduled = decoded("schedule_and_build_instances");
        JsonNode instance = scheduled.get("build_requests").get(0).get("fields").get("instance");
        assertThat(instance.get("class").asString()).isEqualTo("Instance");
        assertThat(instance.get("fields").get("display_name").asString()).isEqualTo("web-1");
        assertThat(instance.get("fields").get("flavor").get("fields").get("memory_mb").asInt()).isEqualTo(512);
        JsonNode decodedSpec = scheduled.get("request_specs").get(0);
        assertThat(decodedSpec.get("class").asString()).isEqualTo("RequestSpec");
        assertThat(decodedSpec.get("fields").get("image").get("class").asString()).isEqualTo("ImageMeta");
        assertThat(decodedSpec.get("fields").get("image").get("fields").get("min_disk").asInt()).isEqualTo(1);
        JsonNode destination = decodedSpec.get("fields").get("requested_destination");
        assertThat(destination.get("class").asString()).isEqualTo("Destination");
        assertThat(destination.get("fields").get("host").asString()).isEqualTo("host1");
        assertThat(destination.get("fields").get("node").asString()).isEqualTo("host1");
        JsonNode tags = scheduled.get("tags");
        assertThat(tags.get("class").asString()).isEqualTo("TagList");
        assertThat(tags.get("fields").get("objects").valueStream().map(t -> t.get("fields").get("tag").asString())
                .toList()).containsExactly("web", "prod");
    }
}
