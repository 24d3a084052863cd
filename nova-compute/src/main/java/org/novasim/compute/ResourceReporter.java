package org.novasim.compute;

import java.time.Duration;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import org.novasim.messaging.MessagingException;
import org.novasim.messaging.RequestContext;
import org.novasim.messaging.config.RpcProperties;
import org.novasim.nova.conductor.ConductorRpcApi;
import org.novasim.nova.service.PeriodicTask;

/**
 * Every {@code report_interval}, each simulated host reports its service heartbeat and its compute node's
 * resources through the conductor, as Nova's {@code report_state} and resource tracker do. A report that fails
 * (conductor away, broker away) is logged and the next one is tried on time.
 */
@Component
class ResourceReporter extends PeriodicTask {

    private static final Logger log = LoggerFactory.getLogger(ResourceReporter.class);
    static final String BINARY = "nova-compute";
    static final String TOPIC = "compute";

    private final ConductorRpcApi conductor;
    private final ComputeProperties properties;
    private final List<String> hosts;

    ResourceReporter(ConductorRpcApi conductor, ComputeProperties properties, RpcProperties rpc) {
        super("report-state", Duration.ZERO, properties.reportInterval());
        // A report must not outlive its interval, or reports would pile up behind a stuck conductor.
        this.conductor = conductor.withTimeout(properties.reportInterval());
        this.properties = properties;
        this.hosts = properties.hostNames(rpc.host());
    }

    List<String> hosts() {
        return hosts;
    }

    @Override
    public synchronized void start() {
        super.start();
        log.info("reporting {} hosts every {}", hosts.size(), properties.reportInterval());
    }

    @Override
    protected void run(RequestContext context) {
        for (String host : hosts) {
            try {
                conductor.serviceUpdate(context, host, BINARY, TOPIC);
                conductor.computeNodeUpdate(context, properties.nodeResources(host));
            } catch (MessagingException e) {
                log.warn("report of host {} failed: {}", host, e.getMessage());
            }
        }
    }
}
