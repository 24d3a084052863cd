package org.novasim.nova.conductor;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.novasim.messaging.RequestContext;
import org.novasim.messaging.Target;
import org.novasim.messaging.objects.ObjectBindingError;
import org.novasim.messaging.rpc.Args;
import org.novasim.messaging.rpc.RpcClient;
import org.novasim.messaging.rpc.RpcClientFactory;
import org.novasim.nova.objects.IndirectionApi;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The client of nova-conductor's object indirection API, as Nova Zed's {@code nova/conductor/rpcapi.py}
 * {@code ConductorAPI} (3.0, topic {@code conductor}): what a service without database access runs its objects'
 * remotable methods through. It is all a Zed compute calls on the conductor.
 */
public final class ConductorRpcApi implements IndirectionApi {

    /** The endpoint's topic, {@code nova.topics.conductor} (Nova's {@code conductor.topic}). */
    public static final String TOPIC_PLACEHOLDER = "${nova.topics.conductor:conductor}";
    public static final String VERSION = "3.0";

    private final RpcClient client;

    /**
     * A call the broker hands back is sent again until its timeout: a Zed service's conductor calls are not
     * mandatory and wait out {@code rpc_response_timeout}, so a conductor whose queue is being declared again after a
     * broker node was lost still gets them, and a build that meets that moment goes on.
     */
    public ConductorRpcApi(RpcClientFactory clients, String topic) {
        this.client = clients.client(Target.topic(topic).withVersion(VERSION)).prepare(o -> o.resendUndeliverable(true));
    }

    private ConductorRpcApi(RpcClient client) {
        this.client = client;
    }

    public ConductorRpcApi withTimeout(Duration timeout) {
        return new ConductorRpcApi(client.prepare(o -> o.timeout(timeout)));
    }

    @Override
    public @Nullable JsonNode objectClassAction(RequestContext context, String objname, String objmethod,
                                                Map<String, String> objectVersions, List<?> args,
                                                Map<String, ?> kwargs) {
        JsonNode result = client.call(context, "object_class_action_versions", Args.of("objname", objname,
                "objmethod", objmethod, "object_versions", objectVersions, "args", args, "kwargs", kwargs));
        return result == null || result.isNull() ? null : result;
    }

    /** Nova's conductor answers {@code [updates, result]}; anything else is refused as a malformed answer. */
    @Override
    public Acted objectAction(RequestContext context, ObjectNode objinst, String objmethod, List<?> args,
                              Map<String, ?> kwargs) {
        JsonNode answer = client.call(context, "object_action", Args.of("objinst", objinst, "objmethod", objmethod,
                "args", args, "kwargs", kwargs));
        if (answer == null || !answer.isArray() || answer.size() != 2 || !answer.get(0).isObject()) {
            throw ObjectBindingError.valueError("object_action answered " + answer + ", not [updates, result]");
        }
        JsonNode result = answer.get(1);
        return new Acted((ObjectNode) answer.get(0), result.isNull() ? null : result);
    }

    /** {@code object_backport_versions}: the object at the versions this side holds. */
    public JsonNode objectBackportVersions(RequestContext context, ObjectNode objinst,
                                           Map<String, String> objectVersions) {
        return client.call(context, "object_backport_versions", Args.of("objinst", objinst,
                "object_versions", objectVersions));
    }
}
