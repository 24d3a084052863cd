package org.novasim.compute;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The hosts' periodic tasks as meters: {@code nova.compute.reports} (timer; tags {@code report}: the task's name in
 * Nova, {@code report_state}, {@code update_available_resource}, {@code _sync_power_states}..., {@code outcome}:
 * success or failure) and {@code nova.compute.reports.skipped} (a run missed because the previous one was still
 * waiting), so a late heartbeat shows before the host looks down.
 */
final class ReportMeters {

    private final MeterRegistry registry;
    // Looked up once per report kind and outcome: thousands of hosts report every few seconds.
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private final Map<String, Counter> skips = new ConcurrentHashMap<>();

    ReportMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    void sent(String report, long nanos, boolean success) {
        String outcome = success ? "success" : "failure";
        timers.computeIfAbsent(report + ":" + outcome, k -> Timer.builder("nova.compute.reports").tag("report", report)
                .tag("outcome", outcome).register(registry)).record(nanos, TimeUnit.NANOSECONDS);
    }

    void skipped(String report) {
        skips.computeIfAbsent(report, k -> Counter.builder("nova.compute.reports.skipped").tag("report", report)
                .register(registry)).increment();
    }
}
