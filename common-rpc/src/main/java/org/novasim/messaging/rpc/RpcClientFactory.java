package org.novasim.messaging.rpc;

import java.time.Duration;

import org.novasim.messaging.Target;
import org.novasim.messaging.config.RpcProperties;
import org.novasim.messaging.flow.MessageFlowRecorder;
import org.novasim.messaging.transport.AmqpTransport;
import org.novasim.messaging.transport.OsloTopology;

/**
 * Makes {@link RpcClient}s. All clients of a process share its connection and its one reply queue, as they
 * share oslo.messaging's transport in Python. The version cap of a topic comes from {@code nova.rpc.upgrade-levels}.
 */
public final class RpcClientFactory implements AutoCloseable {

    private final RpcSender sender;
    private final RpcProperties properties;

    public RpcClientFactory(AmqpTransport transport, OsloTopology topology, MessageFlowRecorder recorder,
                            RpcProperties properties) {
        this.properties = properties;
        this.sender = new RpcSender(transport, topology, new ReplyWaiter(transport, topology, recorder), recorder);
    }

    public RpcClient client(Target target) {
        return client(target, properties.rpcResponseTimeout());
    }

    public RpcClient client(Target target, Duration timeout) {
        return new RpcClient(sender, target, timeout, properties.upgradeLevels().get(target.topic()));
    }

    @Override
    public void close() {
        sender.close();
    }
}
