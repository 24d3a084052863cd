package org.novasim.conductor.servicegroup;

import java.time.Clock;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.novasim.conductor.db.ServiceRecords;
import org.novasim.messaging.RequestContext;
import org.novasim.nova.service.PeriodicTask;

/**
 * A service of this process's own {@code report_state}: nova-conductor and nova-scheduler have the database, so each
 * writes its heartbeat straight to it every {@code report_interval}, and {@code os-services} lists them up or down
 * like the computes.
 */
final class ServiceHeartbeat extends PeriodicTask {

    private static final Logger log = LoggerFactory.getLogger(ServiceHeartbeat.class);

    private final ServiceRecords services;
    private final String binary;
    private final String host;
    private final String topic;
    private final Clock clock;

    ServiceHeartbeat(String binary, String host, String topic, Duration interval, ServiceRecords services,
                     Clock clock) {
        super(binary + "-report-state", Duration.ZERO, interval);
        this.services = services;
        this.binary = binary;
        this.host = host;
        this.topic = topic;
        this.clock = clock;
    }

    @Override
    protected void run(RequestContext context) {
        if (services.heartbeat(host, binary, topic, clock.instant())) {
            log.info("service {} on {} reported for the first time", binary, host);
        }
    }
}
