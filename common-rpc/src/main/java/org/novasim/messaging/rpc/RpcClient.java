package org.novasim.messaging.rpc;

import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

import org.novasim.messaging.InvalidTarget;
import org.novasim.messaging.RequestContext;
import org.novasim.messaging.RpcVersionCapError;
import org.novasim.messaging.Target;
import org.novasim.messaging.wire.OsloJson;
import org.novasim.messaging.wire.Versions;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Calls and casts to a target, as oslo.messaging's {@code RPCClient}. Immutable: {@link #prepare} returns a client
 * with another server, version or timeout, the way Nova's rpcapi modules use {@code client.prepare(...)}.
 *
 * <pre>{@code
 * client.prepare(o -> o.server(host).version("5.0")).cast(ctx, "build_and_run_instance", args);
 * NetworkInfo info = network.call(ctx, "allocate_for_instance", args, NetworkInfo.class);
 * }</pre>
 *
 * Arguments are a map of keyword arguments; values are converted to JSON (records in snake case).
 */
public final class RpcClient {

    private final RpcSender sender;
    private final Target target;
    private final Duration timeout;
    private final String versionCap;

    RpcClient(RpcSender sender, Target target, Duration timeout, String versionCap) {
        if (target.topic() == null || target.topic().isBlank()) {
            throw new InvalidTarget("A topic is required to send", target);
        }
        this.sender = sender;
        this.target = target;
        this.timeout = timeout;
        this.versionCap = versionCap;
    }

    public Target target() {
        return target;
    }

    public Duration timeout() {
        return timeout;
    }

    public RpcClient prepare(Consumer<CallOptions> options) {
        CallOptions o = new CallOptions(target, timeout, versionCap);
        options.accept(o);
        return new RpcClient(sender, o.target, o.timeout, o.versionCap);
    }

    /** Whether the version cap lets this client send {@code version} (no cap: always). */
    public boolean canSendVersion(String version) {
        return versionCap == null || Versions.isCompatible(versionCap, version);
    }

    public void cast(RequestContext context, String method, Map<String, ?> args) {
        checkVersionCap();
        sender.cast(target, context, method, toArgs(args));
    }

    /** Calls and returns the raw JSON result. */
    public JsonNode call(RequestContext context, String method, Map<String, ?> args) {
        if (target.fanout()) {
            throw new InvalidTarget("A call cannot be used with fanout", target);
        }
        checkVersionCap();
        return sender.call(target, context, method, toArgs(args), timeout);
    }

    public <T> T call(RequestContext context, String method, Map<String, ?> args, Class<T> resultType) {
        JsonNode result = call(context, method, args);
        return result == null || result.isNull() ? null : OsloJson.mapper().treeToValue(result, resultType);
    }

    public <T> T call(RequestContext context, String method, Map<String, ?> args, TypeReference<T> resultType) {
        JsonNode result = call(context, method, args);
        return result == null || result.isNull() ? null : OsloJson.mapper().treeToValue(result,
                OsloJson.mapper().constructType(resultType));
    }

    private void checkVersionCap() {
        if (versionCap != null) {
            String version = target.version();
            if (version == null || !Versions.isCompatible(versionCap, version)) {
                throw new RpcVersionCapError(version, versionCap);
            }
        }
    }

    /** Each argument on its own, so that the scalars most arguments are skip the mapper's set-up per value. */
    private static ObjectNode toArgs(Map<String, ?> args) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        if (args != null) {
            args.forEach((name, value) -> node.set(name, OsloJson.toTree(value)));
        }
        return node;
    }
}
