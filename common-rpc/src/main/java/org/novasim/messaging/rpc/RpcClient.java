package org.novasim.messaging.rpc;

import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.novasim.messaging.InvalidTarget;
import org.novasim.messaging.MessageUndeliverable;
import org.novasim.messaging.MessagingTimeout;
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

    private static final Logger log = LoggerFactory.getLogger(RpcClient.class);
    /** The first pause before a call nothing took is sent again; each next one twice as long, up to the last. */
    static final Duration FIRST_RESEND_PAUSE = Duration.ofMillis(250);
    static final Duration LAST_RESEND_PAUSE = Duration.ofSeconds(4);
    /**
     * How long a handed-back cast is sent again: past the first two topology checks a server makes after a
     * connection recovery (3 s and 10 s, each up to 1 s late: {@code TopologyRecovery.DEFAULT}), which put a lost
     * route back; a caller with confirms waits that long at most to learn that nothing serves the topic.
     */
    static final Duration CAST_RESEND_WINDOW = Duration.ofSeconds(15);

    private final RpcSender sender;
    private final Target target;
    private final Duration timeout;
    private final String versionCap;
    private final boolean resendUndeliverable;

    RpcClient(RpcSender sender, Target target, Duration timeout, String versionCap) {
        this(sender, target, timeout, versionCap, false);
    }

    private RpcClient(RpcSender sender, Target target, Duration timeout, String versionCap,
                      boolean resendUndeliverable) {
        if (target.topic() == null || target.topic().isBlank()) {
            throw new InvalidTarget("A topic is required to send", target);
        }
        this.sender = sender;
        this.target = target;
        this.timeout = timeout;
        this.versionCap = versionCap;
        this.resendUndeliverable = resendUndeliverable;
    }

    public Target target() {
        return target;
    }

    public Duration timeout() {
        return timeout;
    }

    public RpcClient prepare(Consumer<CallOptions> options) {
        CallOptions o = new CallOptions(target, timeout, versionCap, resendUndeliverable);
        options.accept(o);
        return new RpcClient(sender, o.target, o.timeout, o.versionCap, o.resendUndeliverable);
    }

    /** Whether the version cap lets this client send {@code version} (no cap: always). */
    public boolean canSendVersion(String version) {
        return versionCap == null || Versions.isCompatible(versionCap, version);
    }

    /**
     * Casts; with {@link CallOptions#resendUndeliverable} a cast the broker hands back (no queue bound to its topic)
     * is sent again, each pause twice the last, for {@link #CAST_RESEND_WINDOW} at most (or the client's timeout if
     * shorter), and only then reported lost (with confirms: thrown).
     */
    public void cast(RequestContext context, String method, Map<String, ?> args) {
        checkVersionCap();
        Duration resendFor = resendUndeliverable && !target.fanout()
                ? (timeout.compareTo(CAST_RESEND_WINDOW) < 0 ? timeout : CAST_RESEND_WINDOW) : null;
        sender.cast(target, context, method, toArgs(args), resendFor);
    }

    /** Calls and returns the raw JSON result. */
    public JsonNode call(RequestContext context, String method, Map<String, ?> args) {
        if (target.fanout()) {
            throw new InvalidTarget("A call cannot be used with fanout", target);
        }
        checkVersionCap();
        ObjectNode kwargs = toArgs(args);
        return resendUndeliverable ? callUntilTaken(context, method, kwargs)
                : sender.call(target, context, method, kwargs, timeout);
    }

    /**
     * A call the broker hands back (no queue bound to its topic: its server's queue is being declared again after a
     * broker node was lost) is sent again after a pause, each twice as long, until the call's timeout; then it fails
     * as a call nothing answered does, with {@link MessagingTimeout}: what a Nova service's call sees, since oslo
     * publishes its calls without mandatory and waits out the timeout.
     */
    private JsonNode callUntilTaken(RequestContext context, String method, ObjectNode kwargs) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Duration pause = FIRST_RESEND_PAUSE;
        for (int attempt = 1; ; attempt++) {
            Duration left = Duration.ofNanos(deadline - System.nanoTime());
            try {
                return sender.call(target, context, method, kwargs, left);
            } catch (MessageUndeliverable e) {
                left = Duration.ofNanos(deadline - System.nanoTime());
                if (left.compareTo(pause) <= 0) {
                    log.warn("[{}] call {} to {}: nothing took it in {} attempts within {}", requestId(context),
                            method, target.routingKey(), attempt, timeout);
                    throw new MessagingTimeout(target, method, timeout, e);
                }
                if (attempt == 1) {
                    log.warn("[{}] call {} to {}: {}; sending it again until {} have passed", requestId(context),
                            method, target.routingKey(), e.getMessage(), timeout);
                } else {
                    log.debug("[{}] call {} to {} handed back again (attempt {})", requestId(context), method,
                            target.routingKey(), attempt);
                }
                sleep(pause);
                pause = nextResendPause(pause);
            }
        }
    }

    /** Twice the last pause, up to {@link #LAST_RESEND_PAUSE}. */
    static Duration nextResendPause(Duration pause) {
        Duration twice = pause.multipliedBy(2);
        return twice.compareTo(LAST_RESEND_PAUSE) > 0 ? LAST_RESEND_PAUSE : twice;
    }

    private static String requestId(RequestContext context) {
        return context == null ? null : context.requestId();
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new org.novasim.messaging.MessagingException("interrupted while waiting to send a call again", e);
        }
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
