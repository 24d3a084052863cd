package org.novasim.messaging.rpc;

import java.time.Duration;

import org.springframework.context.SmartLifecycle;

import org.novasim.messaging.Target;
import org.novasim.messaging.config.RpcProperties;
import org.novasim.messaging.flow.MessageFlowRecorder;
import org.novasim.messaging.trace.RpcTracing;
import org.novasim.messaging.transport.AmqpTransport;
import org.novasim.messaging.transport.OsloTopology;

/**
 * Makes {@link RpcClient}s. All clients of a process share its connection and its one reply queue, as they
 * share oslo.messaging's transport in Python. The version cap of a topic comes from {@code nova.rpc.upgrade-levels}.
 */
public final class RpcClientFactory implements AutoCloseable, SmartLifecycle {

    private final RpcSender sender;
    private final RpcProperties properties;

    public RpcClientFactory(AmqpTransport transport, OsloTopology topology, MessageFlowRecorder recorder,
                            RpcProperties properties) {
        this(transport, topology, recorder, properties, RpcTracing.NONE);
    }

    public RpcClientFactory(AmqpTransport transport, OsloTopology topology, MessageFlowRecorder recorder,
                            RpcProperties properties, RpcTracing tracing) {
        this.properties = properties;
        this.sender = new RpcSender(transport, topology, new ReplyWaiter(transport, topology, recorder), recorder,
                tracing);
    }

    public RpcClient client(Target target) {
        return client(target, properties.rpcResponseTimeout());
    }

    public RpcClient client(Target target, Duration timeout) {
        return new RpcClient(sender, target, timeout, properties.upgradeLevels().get(target.topic()));
    }

    private volatile boolean running = true;

    @Override
    public void start() {
        running = true;
    }

    /** The reply listener stops after the servers, so calls made while they finish can still get replies. */
    @Override
    public void stop() {
        running = false;
        sender.close();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return RpcEndpointServers.PHASE - 1;
    }

    @Override
    public void close() {
        stop();
    }
}
