package org.novasim.messaging.rpc;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.springframework.context.SmartLifecycle;

import org.novasim.messaging.Target;
import org.novasim.messaging.config.RpcProperties;
import org.novasim.messaging.flow.MessageFlowRecorder;
import org.novasim.messaging.trace.RpcTracing;
import org.novasim.messaging.transport.AmqpTransport;
import org.novasim.messaging.transport.OsloTopology;

/**
 * Starts RPC servers, as oslo's {@code get_rpc_server(transport, target, endpoints)}. Requests run on virtual
 * threads, each server allowing {@code executor-thread-pool-size} at once, so an endpoint may block (on a call of
 * its own, or a simulated boot) without holding up the consumer.
 */
public final class RpcServerFactory implements AutoCloseable, SmartLifecycle {

    private final AmqpTransport transport;
    private final OsloTopology topology;
    private final MessageFlowRecorder recorder;
    private final RpcProperties properties;
    private final ExecutorService workers = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("rpc-worker-", 0).factory());
    private final List<RpcServer> servers = new CopyOnWriteArrayList<>();
    private final ReplyResender replyResender;
    private final RpcTracing tracing;

    public RpcServerFactory(AmqpTransport transport, OsloTopology topology, MessageFlowRecorder recorder,
                            RpcProperties properties) {
        this(transport, topology, recorder, properties, RpcTracing.NONE);
    }

    public RpcServerFactory(AmqpTransport transport, OsloTopology topology, MessageFlowRecorder recorder,
                            RpcProperties properties, RpcTracing tracing) {
        this.tracing = tracing;
        this.transport = transport;
        this.topology = topology;
        this.recorder = recorder;
        this.properties = properties;
        this.replyResender = new ReplyResender(transport, recorder, properties.rpcResponseTimeout());
    }

    /** Starts a server on {@code target} (topic and server required) dispatching to {@code endpoints}. */
    public RpcServer start(Target target, List<?> endpoints) {
        RpcServer server = new RpcServer(target, new RpcDispatcher(endpoints), transport, topology, recorder,
                properties, workers, replyResender, tracing);
        server.start();
        servers.add(server);
        return server;
    }

    public void stop(RpcServer server) {
        servers.remove(server);
        server.close();
    }

    public List<RpcServer> servers() {
        return List.copyOf(servers);
    }

    private volatile boolean running = true;

    @Override
    public void start() {
        running = true;
    }

    /** Servers stop with the application's lifecycle, while the connection is still there to cancel consumers. */
    @Override
    public void stop() {
        servers.forEach(RpcServer::close);
        servers.clear();
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return RpcEndpointServers.PHASE;
    }

    @Override
    public void close() {
        stop();
        replyResender.close();
        workers.shutdownNow();
    }
}
