package org.novasim.compute;

import java.util.ArrayList;
import java.util.List;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import org.novasim.messaging.Target;
import org.novasim.messaging.config.RpcProperties;
import org.novasim.messaging.notify.Notifier;
import org.novasim.messaging.rpc.RpcServer;
import org.novasim.messaging.rpc.RpcServerFactory;
import org.novasim.nova.conductor.ComputeTaskRpcApi;
import org.novasim.nova.conductor.ConductorRpcApi;
import org.novasim.nova.config.NovaTopics;
import org.novasim.nova.network.NetworkRpcApi;

/** Serves each simulated host's {@code compute.<host>} queue with a {@link ComputeManager} of its own. */
@Component
class ComputeHosts implements SmartLifecycle {

    private final RpcServerFactory servers;
    private final List<String> hosts;
    private final String topic;
    private final ConductorRpcApi conductor;
    private final ComputeTaskRpcApi computeTask;
    private final NetworkRpcApi network;
    private final SimulatedDriver driver;
    private final Notifier notifier;
    private final List<RpcServer> started = new ArrayList<>();

    ComputeHosts(RpcServerFactory servers, ComputeProperties properties, RpcProperties rpc, NovaTopics topics,
                 ConductorRpcApi conductor, ComputeTaskRpcApi computeTask, NetworkRpcApi network, SimulatedDriver driver,
                 Notifier notifier) {
        this.servers = servers;
        this.hosts = properties.hostNames(rpc.host());
        this.topic = topics.compute();
        this.conductor = conductor;
        this.computeTask = computeTask;
        this.network = network.withTimeout(properties.networkTimeout());
        this.driver = driver;
        this.notifier = notifier;
    }

    @Override
    public synchronized void start() {
        for (String host : hosts) {
            started.add(servers.start(Target.topic(topic).withServer(host),
                    List.of(new ComputeManager(host, conductor, computeTask, network, driver, notifier))));
        }
    }

    @Override
    public synchronized void stop() {
        started.forEach(servers::stop);
        started.clear();
    }

    @Override
    public synchronized boolean isRunning() {
        return !started.isEmpty();
    }
}
