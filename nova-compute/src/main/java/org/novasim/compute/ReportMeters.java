package org.novasim.compute;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The hosts' reports as meters: {@code nova.compute.reports} (timer; tags {@code report}: service_update or
 * compute_node_update, {@code outcome}: success or failure) and {@code nova.compute.reports.skipped} (a beat missed
 * because the previous report was still waiting), so a late heartbeat shows before the host looks down.
 */
final class ReportMeters {

    private final MeterRegistry registry;

    ReportMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    void sent(String report, long nanos, boolean success) {
        Timer.builder("nova.compute.reports").tag("report", report).tag("outcome", success ? "success" : "failure")
                .register(registry).record(nanos, TimeUnit.NANOSECONDS);
    }

    void skipped(String report) {
        Counter.builder("nova.compute.reports.skipped").tag("report", report).register(registry).increment();
    }
}
