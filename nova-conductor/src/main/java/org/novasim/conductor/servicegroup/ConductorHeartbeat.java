package org.novasim.conductor.servicegroup;

import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

import org.novasim.conductor.ConductorProperties;
import org.novasim.conductor.db.ServiceRecords;
import org.novasim.messaging.RequestContext;
import org.novasim.messaging.config.RpcProperties;
import org.novasim.nova.config.NovaTopics;

/**
 * The conductor's own {@code report_state}: it writes its service heartbeat straight to the database every
 * {@code report_interval}, so {@code os-services} lists nova-conductor up or down like the computes.
 */
@Component
class ConductorHeartbeat implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ConductorHeartbeat.class);
    static final String BINARY = "nova-conductor";

    private final ServiceRecords services;
    private final ConductorProperties properties;
    private final String host;
    private final String topic;
    private final Clock clock;
    private ScheduledExecutorService timer;

    ConductorHeartbeat(ServiceRecords services, ConductorProperties properties, RpcProperties rpc, NovaTopics topics,
                       Clock clock) {
        this.services = services;
        this.properties = properties;
        this.host = rpc.host();
        this.topic = topics.conductor();
        this.clock = clock;
    }

    @Override
    public synchronized void start() {
        timer = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("conductor-report-state").factory());
        timer.scheduleAtFixedRate(this::report, 0, properties.reportInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void report() {
        String requestId = RequestContext.newRequestId();
        MDC.put(RequestContext.MDC_KEY, requestId);
        try {
            if (services.heartbeat(host, BINARY, topic, clock.instant())) {
                log.info("service {} on {} reported for the first time", BINARY, host);
            }
        } catch (DataAccessException e) {
            log.warn("heartbeat of {} on {} failed: {}", BINARY, host, e.getMessage());
        } finally {
            MDC.remove(RequestContext.MDC_KEY);
        }
    }

    @Override
    public synchronized void stop() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return timer != null;
    }
}
