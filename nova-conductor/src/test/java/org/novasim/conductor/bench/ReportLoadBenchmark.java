package org.novasim.conductor.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import org.novasim.messaging.MessagingException;
import org.novasim.messaging.RequestContext;
import org.novasim.messaging.rpc.Args;
import org.novasim.nova.conductor.ConductorRpcApi;
import org.novasim.nova.objects.NovaObjects;
import org.novasim.nova.objects.RemoteObject;
import org.novasim.nova.objects.Services;
import org.novasim.testsupport.TestBroker;
import org.novasim.testsupport.TestDatabase;

/**
 * Not a test: the CPU the conductor spends on the reports of many idle compute hosts. Starts the built conductor jar
 * as its own process on the test broker and a PostgreSQL schema of its own, then plays {@code hosts} idle computes
 * as nova-compute's PeriodicTasks do (Zed's heartbeat, {@code Service.save()} through {@code object_action}, every
 * 10 s, spread evenly; the compute node created on the first round, and not saved again while it does not change,
 * as Zed's resource tracker), and prints the calls made and the conductor's CPU time (from /proc) over the
 * measured window, as a share of one core and per call, and how much of it the JIT compilers took (a one-off of a
 * JVM's first minutes: at 200 calls a second the hot path takes minutes to be compiled).
 *
 * <p>Run after {@code ./mvnw -q -B -o -pl nova-conductor -am -DskipTests package} with
 * {@code bench/report-load-benchmark.sh [hosts (2000)] [seconds measured (60)] [conductor jar] [warm-up seconds (20)]}.
 */
public final class ReportLoadBenchmark {

    private static final Duration SERVICE_INTERVAL = Duration.ofSeconds(10);

    @Configuration
    @EnableAutoConfiguration
    static class LoadGenerator {
    }

    public static void main(String[] args) throws Exception {
        int hosts = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        Path jar = Path.of(args.length > 2 && !args[2].isEmpty() ? args[2] : "target/nova-conductor-0.1.0-SNAPSHOT.jar");
        int warmUpSeconds = args.length > 3 ? Integer.parseInt(args[3]) : (int) SERVICE_INTERVAL.toSeconds() * 2;
        TestBroker broker = TestBroker.get();
        String exchange = TestBroker.uniqueName("bench_reports");
        String topic = TestBroker.uniqueName("conductor");
        String schema = TestDatabase.newSchema();
        List<String> common = new ArrayList<>(broker.springProperties());
        common.addAll(List.of("nova.rpc.transport-url=" + broker.transportUrl(), "nova.rpc.control-exchange=" + exchange,
                "nova.rpc.amqp-auto-delete=true", "nova.topics.conductor=" + topic));

        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        // e.g. -Dbench.conductor.jvm-args=-XX:StartFlightRecording=filename=/tmp/conductor.jfr to see where it goes
        String jvmArgs = System.getProperty("bench.conductor.jvm-args", "").trim();
        if (!jvmArgs.isEmpty()) {
            command.addAll(List.of(jvmArgs.split("\\s+")));
        }
        command.addAll(List.of("-jar", jar.toString(), "--server.port=0", "--logging.level.root=WARN"));
        common.forEach(p -> command.add("--" + p));
        TestDatabase.postgres().springProperties(schema).forEach(p -> command.add("--" + p));
        Path log = Files.createTempFile("conductor-bench", ".log");
        Process conductor = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        ConfigurableApplicationContext client = null;
        try {
            // The client only calls: no database of its own (the class path has the conductor's application.yml).
            List<String> clientProperties = new ArrayList<>(common);
            clientProperties.addAll(List.of("spring.application.name=report-load", "spring.flyway.enabled=false",
                    "spring.datasource.url=jdbc:h2:mem:report-load", "logging.level.root=WARN"));
            client = new SpringApplicationBuilder(LoadGenerator.class).web(WebApplicationType.NONE)
                    .run(clientProperties.stream().map(p -> "--" + p).toArray(String[]::new));
            ConductorRpcApi api = client.getBean(ConductorRpcApi.class).withTimeout(Duration.ofSeconds(10));
            awaitConductor(api, conductor, log);
            System.out.printf("conductor pid %d, %d hosts, Service.save every %s%n", conductor.pid(), hosts,
                    SERVICE_INTERVAL);

            AtomicLong calls = new AtomicLong();
            AtomicLong failures = new AtomicLong();
            ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
            ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
            long spreadNanos = SERVICE_INTERVAL.toNanos() / hosts;
            for (int i = 0; i < hosts; i++) {
                String host = "bench-host-" + i;
                AtomicReference<RemoteObject> service = new AtomicReference<>();
                timer.scheduleAtFixedRate(() -> workers.submit(() -> {
                    RequestContext ctx = RequestContext.admin();
                    try {
                        if (service.get() == null) {
                            service.set(Services.findOrCreate(api, ctx, host, "nova-compute", "compute"));
                            RemoteObject.created(NovaObjects.COMPUTE_NODE, NovaObjects.COMPUTE_NODE_VERSION,
                                    Args.of("host", host, "hypervisor_hostname", host, "hypervisor_type", "fake",
                                            "vcpus", 8, "memory_mb", 16384, "local_gb", 200, "memory_mb_used", 512))
                                    .create(api, ctx);
                            calls.addAndGet(3);
                        } else {
                            Services.heartbeat(api, ctx, service.get());
                            calls.incrementAndGet();
                        }
                    } catch (MessagingException e) {
                        failures.incrementAndGet();
                    }
                }), i * spreadNanos, SERVICE_INTERVAL.toNanos(), TimeUnit.NANOSECONDS);
            }
            // A first round creates every service and node; then the steady state is measured.
            Thread.sleep(warmUpSeconds * 1000L);
            long cpuBefore = cpuTicks(conductor.pid());
            Map<Long, Long> compilersBefore = compilerTicks(conductor.pid());
            long callsBefore = calls.get();
            long start = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            double elapsed = (System.nanoTime() - start) / 1e9;
            long cpuAfter = cpuTicks(conductor.pid());
            Map<Long, Long> compilersAfter = compilerTicks(conductor.pid());
            long made = calls.get() - callsBefore;
            timer.shutdownNow();
            workers.shutdownNow();
            double cpuSeconds = (cpuAfter - cpuBefore) / 100.0;  // USER_HZ
            // A compiler thread that ended within the window is not counted: the JIT share is at least this.
            long jitTicks = 0;
            for (Map.Entry<Long, Long> thread : compilersAfter.entrySet()) {
                jitTicks += thread.getValue() - compilersBefore.getOrDefault(thread.getKey(), 0L);
            }
            double jitSeconds = jitTicks / 100.0;
            System.out.printf("%.0f s measured after %d s of reports: %d calls (%.0f/s), %d failed; conductor CPU %.2f s ="
                            + " %.1f%% of one core, %.0f µs a call; of it the JIT compilers %.2f s (%.1f%%), the rest"
                            + " %.1f%% of one core, %.0f µs a call%n", elapsed, warmUpSeconds, made, made / elapsed,
                    failures.get(), cpuSeconds, 100 * cpuSeconds / elapsed, 1e6 * cpuSeconds / made, jitSeconds,
                    100 * jitSeconds / elapsed, 100 * (cpuSeconds - jitSeconds) / elapsed,
                    1e6 * (cpuSeconds - jitSeconds) / made);
        } finally {
            if (client != null) {
                client.close();
            }
            conductor.destroy();
            conductor.waitFor(30, TimeUnit.SECONDS);
            TestDatabase.postgres().dropSchema(schema);
        }
    }

    private static void awaitConductor(ConductorRpcApi api, Process conductor, Path log) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (!conductor.isAlive()) {
                throw new IllegalStateException("the conductor exited: " + Files.readString(log));
            }
            try {
                Services.findOrCreate(api.withTimeout(Duration.ofSeconds(2)), RequestContext.admin(), "bench-probe",
                        "nova-compute", "compute");
                return;
            } catch (MessagingException notYet) {
                Thread.sleep(500);
            }
        }
        throw new IllegalStateException("the conductor did not answer within 120 s; see " + log);
    }

    /** utime + stime of a process, in clock ticks, from /proc/<pid>/stat. */
    private static long cpuTicks(long pid) throws IOException {
        return ticks(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
    }

    /** utime + stime of each of the JVM's JIT compiler threads (C1, C2), by thread id. */
    private static Map<Long, Long> compilerTicks(long pid) throws IOException {
        Map<Long, Long> ticks = new HashMap<>();
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException ended) {
                    continue;
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                    ticks.put(Long.parseLong(task.getFileName().toString()), ticks(stat));
                }
            }
        }
        return ticks;
    }

    private static long ticks(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}
