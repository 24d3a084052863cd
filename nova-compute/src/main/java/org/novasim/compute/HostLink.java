package org.novasim.compute;

import org.novasim.messaging.notify.Notifier;
import org.novasim.messaging.rpc.RpcServerFactory;
import org.novasim.nova.conductor.ComputeTaskRpcApi;
import org.novasim.nova.conductor.ConductorRpcApi;
import org.novasim.nova.network.NetworkRpcApi;
import org.novasim.nova.scheduler.SchedulerRpcApi;

/**
 * What one simulated host talks through: the server factory its queues are consumed on, and the clients and
 * notifier it sends with (its own in per-host mode, the process's in compact mode).
 */
record HostLink(String host, RpcServerFactory servers, ConductorRpcApi conductor, ComputeTaskRpcApi computeTask,
                NetworkRpcApi network, SchedulerRpcApi scheduler, Notifier notifier) {
}
