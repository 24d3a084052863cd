package org.novasim.messaging.rpc;

import java.time.Duration;

import org.novasim.messaging.Target;

/**
 * What {@link RpcClient#prepare} may change, as the keyword arguments of oslo's {@code prepare()}: the target's
 * fields, the timeout and the version cap; and NovaSim's own {@link #resendUndeliverable}. Unset fields keep the client's values.
 */
public final class CallOptions {

    Target target;
    Duration timeout;
    String versionCap;
    boolean resendUndeliverable;

    CallOptions(Target target, Duration timeout, String versionCap, boolean resendUndeliverable) {
        this.target = target;
        this.timeout = timeout;
        this.versionCap = versionCap;
        this.resendUndeliverable = resendUndeliverable;
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

    /**
     * Whether a call or cast that no queue takes is sent again until the timeout, rather than failing at once (a call)
     * or being lost (a cast). NovaSim's own: for the messages to a service that is always there, as the conductor,
     * whose queue's route may be missing for a few seconds while it is declared again after a broker node was lost.
     */
    public CallOptions resendUndeliverable(boolean resend) {
        this.resendUndeliverable = resend;
        return this;
    }

    public CallOptions versionCap(String versionCap) {
        this.versionCap = versionCap;
        return this;
    }
}
