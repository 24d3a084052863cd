package org.novasim.conductor.servicegroup;

import java.time.Clock;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import org.novasim.conductor.ConductorProperties;
import org.novasim.conductor.db.ServiceRecords;
import org.novasim.messaging.RequestContext;
import org.novasim.messaging.config.RpcProperties;
import org.novasim.nova.config.NovaTopics;
import org.novasim.nova.service.PeriodicTask;

/**
 * The conductor's own {@code report_state}: it writes its service heartbeat straight to the database every
 * {@code report_interval}, so {@code os-services} lists nova-conductor up or down like the computes.
 */
@Component
class ConductorHeartbeat extends PeriodicTask {

    private static final Logger log = LoggerFactory.getLogger(ConductorHeartbeat.class);
    static final String BINARY = "nova-conductor";

    private final ServiceRecords services;
    private final String host;
    private final String topic;
    private final Clock clock;

    ConductorHeartbeat(ServiceRecords services, ConductorProperties properties, RpcProperties rpc, NovaTopics topics,
                       Clock clock) {
        super("conductor-report-state", Duration.ZERO, properties.reportInterval());
        this.services = services;
        this.host = rpc.host();
        this.topic = topics.conductor();
        this.clock = clock;
    }

    @Override
    protected void run(RequestContext context) {
        if (services.heartbeat(host, BINARY, topic, clock.instant())) {
            log.info("service {} on {} reported for the first time", BINARY, host);
        }
    }
}
