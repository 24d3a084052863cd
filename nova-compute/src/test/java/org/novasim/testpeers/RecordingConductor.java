package org.novasim.testpeers;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

import org.novasim.messaging.RequestContext;
import org.novasim.messaging.rpc.RpcEndpoint;
import org.novasim.messaging.wire.OsloJson;
import org.novasim.nova.conductor.ComputeNodeResources;
import org.novasim.nova.conductor.ConductorRpcApi;
import org.novasim.nova.exception.ComputeHostNotFound;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Stands in for a Zed nova-conductor on the broker (its object indirection API, for the calls a compute makes) and
 * keeps what it was told. (Outside the services' packages, so their
 * component scan does not pick it up: tests start it themselves.)
 */
@RpcEndpoint(topic = "started-by-the-test", version = ConductorRpcApi.VERSION)
public class RecordingConductor {

    /** Instances whose fault this conductor takes and then fails to answer for. */
    public static final String UNRECORDABLE = "unrecordable-";

    /** Instances whose first fault and first ERROR update this conductor applies but answers too late. */
    public static final String REPLY_LOST = "reply-lost-";
    /** Longer than the callers' rpc-response-timeout in the tests that use {@link #REPLY_LOST}. */
    public static final Duration REPLY_DELAY = Duration.ofSeconds(6);
    private final Set<String> repliesLost = ConcurrentHashMap.newKeySet();

    public final Map<String, Integer> heartbeats = new ConcurrentHashMap<>();
    public final List<ComputeNodeResources> nodes = new CopyOnWriteArrayList<>();
    /** Per instance, every update in order. */
    public final Map<String, List<Map<String, Object>>> updates = new ConcurrentHashMap<>();
    public final Map<String, List<String>> faults = new ConcurrentHashMap<>();
    /** Per instance, "event:start" and "event:Result" in order. */
    public final Map<String, List<String>> events = new ConcurrentHashMap<>();

    /** Per instance, the network info its compute saved in its info cache. */
    public final Map<String, String> networkInfo = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();

    /** Per host, the periodic queries it made, by {@code Class.method}, in order. */
    public final Map<String, List<String>> queries = new ConcurrentHashMap<>();

    /** Zed's remotable classmethods a compute calls, by {@code Class.method}. */
    public @Nullable JsonNode objectClassActionVersions(RequestContext context, String objname, String objmethod,
                                                        Map<String, String> objectVersions, JsonNode args,
                                                        JsonNode kwargs) {
        String call = objname + "." + objmethod;
        if (objname.endsWith("List") || objname.equals("ConsoleAuthToken")) {
            String host = args.path(0).isString() ? args.get(0).asString() : args.path(0).path("host").asString("");
            queries.computeIfAbsent(host, k -> new CopyOnWriteArrayList<>()).add(call);
        }
        return switch (call) {
            // What a conductor answers for a host with no instances and no migrations.
            case "InstanceList.get_by_host", "InstanceList.get_by_host_and_node", "InstanceList.get_by_filters" ->
                    emptyList("InstanceList", "2.6");
            case "MigrationList.get_in_progress_and_error", "MigrationList.get_by_filters" ->
                    emptyList("MigrationList", "1.5");
            case "ComputeNodeList.get_all_by_host" -> emptyList("ComputeNodeList", "1.17");
            case "BlockDeviceMappingList.get_by_instance_uuid" -> emptyList("BlockDeviceMappingList", "1.18");
            case "ConsoleAuthToken.clean_expired_console_auths" -> null;
            case "Service.get_by_host_and_binary" -> null;
            case "ComputeNode.get_by_host_and_nodename" -> throw new ComputeHostNotFound(args.get(0).asString());
            case "InstanceActionEvent.event_start" -> event(args, "start");
            case "InstanceActionEvent.event_finish_with_failure" ->
                    event(args, kwargs.path("exc_tb").isNull() || kwargs.path("exc_tb").isMissingNode() ? "Success" : "Error");
            default -> throw new IllegalArgumentException("not a call a compute makes: " + objname + "." + objmethod);
        };
    }

    /** Zed's remotable methods a compute calls on its objects; answered {@code [updates, None]} as Nova's conductor. */
    public JsonNode objectAction(RequestContext context, JsonNode objinst, String objmethod, JsonNode args,
                                 JsonNode kwargs) {
        ObjectNode data = (ObjectNode) objinst.get("nova_object.data");
        Map<String, Object> changed = new LinkedHashMap<>();
        objinst.path("nova_object.changes").forEach(field -> changed.put(field.asString(),
                OsloJson.mapper().convertValue(data.get(field.asString()), Object.class)));
        ObjectNode updates = OsloJson.mapper().createObjectNode();
        switch (objinst.get("nova_object.name").asString() + "." + objmethod) {
            case "Service.create" -> {
                assertThat(changed.get("binary")).isEqualTo("nova-compute");
                updates.put("id", ids.incrementAndGet());
                heartbeat(data.get("host").asString());
            }
            case "Service.save" -> heartbeat(data.get("host").asString());
            case "ComputeNode.create", "ComputeNode.save" -> {
                nodes.add(new ComputeNodeResources(data.get("host").asString(),
                        data.get("hypervisor_hostname").asString(), data.get("hypervisor_type").asString(),
                        data.get("vcpus").asInt(), data.get("memory_mb").asInt(), data.get("local_gb").asInt(),
                        data.get("cpu_allocation_ratio").asDouble(), data.get("ram_allocation_ratio").asDouble(),
                        data.get("disk_allocation_ratio").asDouble(), data.get("memory_mb_used").asInt(),
                        data.get("local_gb_used").asInt() * 1024));
                updates.put("id", ids.incrementAndGet());
            }
            case "Instance.save" -> instanceSaved(data.get("uuid").asString(), changed);
            case "Instance.destroy" -> instanceSaved(data.get("uuid").asString(), Map.of("deleted", true));
            case "InstanceInfoCache.save" ->
                    networkInfo.put(data.get("instance_uuid").asString(), data.get("network_info").asString());
            case "InstanceFault.create" -> {
                faultCreated(data.get("instance_uuid").asString(), data.get("message").asString());
                updates.put("id", ids.incrementAndGet());
            }
            default -> throw new IllegalArgumentException("not a call a compute makes: " + objmethod);
        }
        updates.putArray("obj_what_changed");
        return OsloJson.mapper().createArrayNode().add(updates).addNull();
    }

    private static JsonNode emptyList(String name, String version) {
        ObjectNode list = OsloJson.mapper().createObjectNode();
        list.put("nova_object.name", name).put("nova_object.namespace", "nova").put("nova_object.version", version);
        list.putObject("nova_object.data").putArray("objects");
        return list;
    }

    /** A service's report: its creation or a heartbeat. */
    protected void heartbeat(String host) {
        heartbeats.merge(host, 1, Integer::sum);
    }

    private void instanceSaved(String instanceUuid, Map<String, Object> changes) {
        this.updates.computeIfAbsent(instanceUuid, k -> new CopyOnWriteArrayList<>()).add(changes);
        if ("error".equals(String.valueOf(changes.get("vm_state")))) {
            loseTheFirstReply(instanceUuid, "error");
        }
    }

    private @Nullable JsonNode event(JsonNode args, String outcome) {
        events.computeIfAbsent(args.get(0).asString(), k -> new CopyOnWriteArrayList<>())
                .add(args.get(1).asString() + ":" + outcome);
        return null;
    }

    /** For {@link #REPLY_LOST} instances, answers the first such call after the caller has stopped waiting. */
    private void loseTheFirstReply(String instanceUuid, String call) {
        if (instanceUuid.startsWith(REPLY_LOST) && repliesLost.add(instanceUuid + ":" + call)) {
            try {
                Thread.sleep(REPLY_DELAY.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void faultCreated(String instanceUuid, String message) {
        faults.computeIfAbsent(instanceUuid, k -> new CopyOnWriteArrayList<>()).add(message);
        loseTheFirstReply(instanceUuid, "fault");
        if (instanceUuid.startsWith(UNRECORDABLE)) {
            throw new IllegalStateException("the fault of " + instanceUuid + " is lost, as with a broker node gone");
        }
    }

    /** The instance's state after all its updates so far. */
    public Map<String, Object> state(String instanceUuid) {
        Map<String, Object> state = new java.util.HashMap<>();
        updates.getOrDefault(instanceUuid, List.of()).forEach(state::putAll);
        if (networkInfo.containsKey(instanceUuid)) {
            state.put("network_info", networkInfo.get(instanceUuid));
        }
        return state;
    }
}
