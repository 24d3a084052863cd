package org.novasim.nova.service;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.context.SmartLifecycle;

import org.novasim.messaging.RequestContext;

/**
 * A Nova service's periodic task ({@code report_state}, the resource tracker, a build check): run every
 * {@code interval} on a thread of its own from the application's start to its stop, each run under a fresh request
 * id (in the logging MDC too); a run that fails is logged and the next one comes on time.
 */
public abstract class PeriodicTask implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PeriodicTask.class);

    private final String name;
    private final Duration initialDelay;
    private final Duration interval;
    private ScheduledExecutorService timer;

    protected PeriodicTask(String name, Duration initialDelay, Duration interval) {
        this.name = name;
        this.initialDelay = initialDelay;
        this.interval = interval;
    }

    /** One run; {@code context} is an admin context with a request id of its own. */
    protected abstract void run(RequestContext context);

    private void runOnce() {
        RequestContext context = RequestContext.admin();
        MDC.put(RequestContext.MDC_KEY, context.requestId());
        try {
            run(context);
        } catch (RuntimeException e) {
            log.warn("periodic task {} failed: {}", name, e.toString());
        } finally {
            MDC.remove(RequestContext.MDC_KEY);
        }
    }

    @Override
    public synchronized void start() {
        timer = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name(name).factory());
        timer.scheduleWithFixedDelay(this::runOnce, initialDelay.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
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
