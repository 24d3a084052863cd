package org.novasim.messaging.rpc;

import java.time.Duration;

import org.novasim.messaging.Target;

/**
 * What {@link RpcClient#prepare} may change, as the keyword arguments of oslo's {@code prepare()}: the target's
 * fields, the timeout and the version cap. Unset fields keep the client's values.
 */
public final class CallOptions {

    Target target;
    Duration timeout;
    String versionCap;

    CallOptions(Target target, Duration timeout, String versionCap) {
        this.target = target;
        this.timeout = timeout;
        this.versionCap = versionCap;
    }

    public CallOptions exchange(String exchange) {
        target = target.withExchange(exchange);
        return this;
    }

    public CallOptions topic(String topic) {
        target = target.withTopic(topic);
        return this;
    }

    public CallOptions server(String server) {
        target = target.withServer(server);
        return this;
    }

    public CallOptions fanout(boolean fanout) {
        target = target.withFanout(fanout);
        return this;
    }

    public CallOptions namespace(String namespace) {
        target = target.withNamespace(namespace);
        return this;
    }

    public CallOptions version(String version) {
        target = target.withVersion(version);
        return this;
    }

    public CallOptions timeout(Duration timeout) {
        this.timeout = timeout;
        return this;
    }

    public CallOptions versionCap(String versionCap) {
        this.versionCap = versionCap;
        return this;
    }
}
