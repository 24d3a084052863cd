package org.novasim.compute;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import io.micrometer.core.instrument.MeterRegistry;

import org.novasim.messaging.MessagingException;
import org.novasim.messaging.RequestContext;
import org.novasim.nova.conductor.ConductorRpcApi;
import org.novasim.nova.objects.RemoteObject;
import org.novasim.nova.objects.Services;

/**
 * Each simulated host's periodic reports through the conductor, as N Zed nova-compute processes make them: its
 * service heartbeat every {@code report_interval} (Nova's {@code report_state}: {@code report_count += 1} and
 * {@code Service.save()}) and its compute node every {@code update_resources_interval} (Nova's
 * {@code update_available_resource}, which saves the node only when it changed), each an object indirection call,
 * on timers of its own spread over the interval, so that 2,000 hosts
 * send a steady trickle rather than a burst. Reports run concurrently: one slow reply delays no other host. A host
 * whose previous report is still waiting skips a beat (as Nova's looping call would run late) and says so.
 */
final class HostReports implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HostReports.class);
    static final String BINARY = "nova-compute";
    static final String TOPIC = "compute";
    /** The periodic tasks, by Nova's names: what the meters and logs call them. */
    static final String REPORT_STATE = "report_state";
    static final String UPDATE_AVAILABLE_RESOURCE = "update_available_resource";

    private final ComputeProperties properties;
    private final ReportMeters meters;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("host-reports-timer").daemon().factory());
    private final ExecutorService reports = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("host-report-", 0).factory());

    HostReports(ComputeProperties properties, MeterRegistry registry) {
        this.properties = properties;
        this.meters = new ReportMeters(registry);
    }

    /** Starts every host's timers: the first report of host i comes i/N of an interval after the start. */
    void start(List<HostLink> links) {
        long interval = properties.reportInterval().toMillis();
        long resourcesInterval = properties.updateResourcesInterval().toMillis();
        for (int i = 0; i < links.size(); i++) {
            Host host = new Host(links.get(i), properties.reportInterval());
            long offset = interval * i / links.size();
            // The first report registers the host: its service and its compute node, as Nova's init_host does.
            timer.schedule(() -> submit(host.heartbeat, host::register), offset, TimeUnit.MILLISECONDS);
            timer.scheduleAtFixedRate(() -> submit(host.heartbeat, host::heartbeat), offset + interval, interval,
                    TimeUnit.MILLISECONDS);
            timer.scheduleAtFixedRate(() -> submit(host.resources, host::updateResources), offset + resourcesInterval,
                    resourcesInterval, TimeUnit.MILLISECONDS);
        }
        log.info("{} hosts report their service every {} and their resources every {}", links.size(),
                properties.reportInterval(), properties.updateResourcesInterval());
    }

    private void submit(Beat beat, Consumer<RequestContext> report) {
        if (!beat.busy().compareAndSet(false, true)) {
            meters.skipped(beat.name());
            log.warn("{} of host {} skipped: the previous one is still waiting for the conductor", beat.name(), beat.host());
            return;
        }
        reports.execute(() -> {
            RequestContext context = RequestContext.admin();
            MDC.put(RequestContext.MDC_KEY, context.requestId());
            long start = System.nanoTime();
            try {
                report.accept(context);
                meters.sent(beat.name(), System.nanoTime() - start, true);
                int failed = beat.failures().getAndSet(0);
                if (failed > 0) {
                    log.info("{} of host {} goes through again, after {} failed", beat.name(), beat.host(), failed);
                }
            } catch (MessagingException e) {
                meters.sent(beat.name(), System.nanoTime() - start, false);
                // Told once until it goes through again: thousands of hosts failing every interval drown a log.
                if (beat.failures().getAndIncrement() == 0) {
                    log.warn("{} of host {} failed: {}; told again once it goes through", beat.name(), beat.host(),
                            e.getMessage());
                } else {
                    log.debug("{} of host {} failed again: {}", beat.name(), beat.host(), e.getMessage());
                }
            } finally {
                beat.busy().set(false);
                MDC.remove(RequestContext.MDC_KEY);
            }
        });
    }

    /** One kind of report of one host, whether one is in flight, and how many failed since one went through. */
    private record Beat(String host, String name, AtomicBoolean busy, AtomicInteger failures) {
        Beat(String host, String name) {
            this(host, name, new AtomicBoolean(), new AtomicInteger());
        }
    }

    /** One host's reports, each bounded by the report interval so that none outlives its turn. */
    private final class Host {
        final Beat heartbeat;
        final Beat resources;
        final ConductorRpcApi conductor;
        final ResourceTracker tracker;
        final String name;
        /** The host's service as the conductor answered it; null until it is registered. */
        private volatile RemoteObject service;

        Host(HostLink link, Duration timeout) {
            this.name = link.host();
            this.conductor = link.conductor().withTimeout(timeout);
            this.tracker = new ResourceTracker(conductor);
            this.heartbeat = new Beat(name, REPORT_STATE);
            this.resources = new Beat(name, UPDATE_AVAILABLE_RESOURCE);
        }

        /** What Nova's service start and first periodic run do: the service found or created, then the node. */
        void register(RequestContext context) {
            heartbeat(context);
            updateResources(context);
            log.debug("host {} reported its service and compute node", name);
        }

        /** Nova's {@code _report_state}; the first one finds or creates the service, as {@code Service.start}. */
        void heartbeat(RequestContext context) {
            if (service == null) {
                service = Services.findOrCreate(conductor, context, name, BINARY, TOPIC);
                return;
            }
            Services.heartbeat(conductor, context, service);
        }

        void updateResources(RequestContext context) {
            tracker.update(context, properties.nodeResources(name));
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        reports.shutdownNow();
    }

}
