package org.novasim.compute;

import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import org.novasim.messaging.config.ConnectionLayout;
import org.novasim.messaging.config.RpcProperties;
import org.novasim.messaging.config.RpcTransport;
import org.novasim.messaging.config.RpcTransports;
import org.novasim.messaging.notify.Notifier;
import org.novasim.messaging.rpc.RpcClientFactory;
import org.novasim.messaging.rpc.RpcServerFactory;
import org.novasim.nova.conductor.ComputeTaskRpcApi;
import org.novasim.nova.conductor.ConductorRpcApi;
import org.novasim.nova.config.NovaTopics;
import org.novasim.nova.network.NetworkRpcApi;
import org.novasim.nova.scheduler.SchedulerRpcApi;

/**
 * Connects the simulated hosts to the broker as {@code nova.compute.broker-mode} says. Compact: the first
 * {@code hosts-per-connection} hosts consume on the process's connection and each further group on one of its own,
 * so that no connection reaches the broker's channel_max; all hosts send through the process's clients and reply
 * queue; not what nova-compute processes put on a broker. Per-host: every host opens what oslo.messaging 14 opens for
 * one nova-compute process ({@link ConnectionLayout#OSLO}), named after the host: a connection for its server's
 * consumers, one for its reply queue, one to send on and one for its notifications, a channel each, so the broker
 * sees as many nova-compute processes.
 */
@Component
class HostLinks implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HostLinks.class);

    private final ComputeProperties properties;
    private final RpcTransports transports;
    private final NovaTopics topics;
    private final RpcServerFactory processServers;
    private final ConductorRpcApi processConductor;
    private final ComputeTaskRpcApi processComputeTask;
    private final NetworkRpcApi processNetwork;
    private final SchedulerRpcApi processScheduler;
    private final Notifier processNotifier;
    private final String processHost;
    private final List<RpcTransport> opened = new ArrayList<>();

    HostLinks(ComputeProperties properties, RpcTransports transports, RpcProperties rpc, NovaTopics topics,
              RpcServerFactory servers, ConductorRpcApi conductor, ComputeTaskRpcApi computeTask, NetworkRpcApi network,
              SchedulerRpcApi scheduler, Notifier notifier) {
        this.properties = properties;
        this.transports = transports;
        this.topics = topics;
        this.processServers = servers;
        this.processConductor = conductor;
        this.processComputeTask = computeTask;
        this.processNetwork = network;
        this.processScheduler = scheduler;
        this.processNotifier = notifier;
        this.processHost = rpc.host();
    }

    /** One link per host, in the hosts' order; opens the connections the mode needs. */
    synchronized List<HostLink> open(List<String> hosts) {
        List<HostLink> links = new ArrayList<>(hosts.size());
        if (properties.brokerMode() == ComputeProperties.BrokerMode.PER_HOST) {
            for (String host : hosts) {
                RpcTransport transport = open(connectionName(host), host, ConnectionLayout.OSLO);
                RpcClientFactory clients = transport.clients();
                links.add(new HostLink(host, transport.servers(), new ConductorRpcApi(clients, topics.conductor()),
                        new ComputeTaskRpcApi(clients, topics.conductor()), new NetworkRpcApi(clients, topics.network()),
                        new SchedulerRpcApi(clients, topics.scheduler()), transport.notifier()));
            }
        } else {
            RpcServerFactory servers = processServers;
            for (int i = 0; i < hosts.size(); i++) {
                if (i > 0 && i % properties.hostsPerConnection() == 0) {
                    servers = open(connectionName(processHost) + ":" + (i / properties.hostsPerConnection()),
                            processHost, ConnectionLayout.SHARED).servers();
                }
                links.add(new HostLink(hosts.get(i), servers, processConductor, processComputeTask, processNetwork,
                        processScheduler, processNotifier));
            }
        }
        log.info("{} hosts on the broker in {} mode: {} transports of their own beside the process's",
                hosts.size(), properties.brokerMode().name().toLowerCase().replace('_', '-'), opened.size());
        return links;
    }

    private RpcTransport open(String connectionName, String host, ConnectionLayout layout) {
        RpcTransport transport = transports.open(connectionName, transports.service() + ":" + host, layout);
        opened.add(transport);
        return transport;
    }

    /** {@code nova-compute:<host>:<pid>}, as the process's own connection is named. */
    private String connectionName(String host) {
        return transports.service() + ":" + host + ":" + ProcessHandle.current().pid();
    }

    @Override
    public synchronized void close() {
        opened.parallelStream().forEach(RpcTransport::close);
        opened.clear();
    }
}
