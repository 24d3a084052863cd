package org.novasim.conductor.manager;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.novasim.conductor.db.ComputeNodeRecords;
import org.novasim.conductor.db.ServiceRecords;
import org.novasim.messaging.RequestContext;
import org.novasim.messaging.rpc.RpcEndpoint;
import org.novasim.nova.conductor.ComputeNodeResources;
import org.novasim.nova.conductor.ConductorRpcApi;

/**
 * nova-conductor's database proxy endpoint, as Nova's {@code ConductorManager}: services without database access
 * record their heartbeats and resources through it.
 */
@RpcEndpoint(topic = ConductorRpcApi.TOPIC_PLACEHOLDER, version = ConductorRpcApi.VERSION)
public class ConductorManager {

    private static final Logger log = LoggerFactory.getLogger(ConductorManager.class);

    private final ServiceRecords services;
    private final ComputeNodeRecords computeNodes;
    private final Clock clock;

    public ConductorManager(ServiceRecords services, ComputeNodeRecords computeNodes, Clock clock) {
        this.services = services;
        this.computeNodes = computeNodes;
        this.clock = clock;
    }

    public void serviceUpdate(RequestContext context, String host, String binary, String topic) {
        if (services.heartbeat(host, binary, topic, clock.instant())) {
            log.info("service {} on {} reported for the first time", binary, host);
        }
    }

    public void computeNodeUpdate(RequestContext context, ComputeNodeResources node) {
        computeNodes.report(node, clock.instant());
    }
}
