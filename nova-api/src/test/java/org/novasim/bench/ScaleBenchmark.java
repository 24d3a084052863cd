package org.novasim.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import org.novasim.api.ApiClient;

import tools.jackson.databind.JsonNode;

/**
 * The scale benchmark's measuring side, run by {@code bench/scale-benchmark.sh} against a stack it started on a
 * broker of its own: waits for every host, measures the idle load, boots from N clients while watching every server
 * from POST to ACTIVE and every host's service, and prints the figures with PerfTest's rate on the same broker.
 * It asserts nothing: it prints what it saw, including what went wrong.
 */
public final class ScaleBenchmark {

    private static final String CIRROS = "a1c0a5b2-5c29-4d36-9a4f-3c6f0e6b7c01";
    private static final Pattern CPU_FIELDS = Pattern.compile("\\) \\S+ (.*)");

    private final ApiClient admin;
    private final Map<String, Long> pids;
    private final Map<String, String> urls;
    private final int hosts;
    private final Path ctl;
    private final String node;
    private final String amqpUri;
    private final long brokerPid;

    private ScaleBenchmark(Map<String, String> options) {
        admin = new ApiClient(options.get("api"), "admin:admin");
        pids = new LinkedHashMap<>();
        urls = new LinkedHashMap<>();
        for (String service : options.get("services").split(",")) {
            String[] f = service.split("=");   // name=pid=url
            pids.put(f[0], Long.parseLong(f[1]));
            urls.put(f[0], f[2]);
        }
        hosts = Integer.parseInt(options.get("hosts"));
        ctl = Path.of(options.get("ctl"));
        node = options.get("node");
        amqpUri = options.get("amqp");
        brokerPid = Long.parseLong(options.get("broker-pid").strip());
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            options.put(arg.substring(2, eq), arg.substring(eq + 1));
        }
        ScaleBenchmark bench = new ScaleBenchmark(options);
        int clients = Integer.parseInt(options.get("clients"));
        bench.run(Integer.parseInt(options.get("boots")), Integer.parseInt(options.getOrDefault("warmup", "0")),
                clients, options.get("perftest"), Integer.parseInt(options.getOrDefault("census-seconds", "0")));
        if (Boolean.parseBoolean(options.getOrDefault("broker-restart", "false"))) {
            bench.brokerRestart(clients);
        }
    }

    /**
     * The broker restarted under the running stack ({@code stop_app}, {@code start_app}: every connection closed, the
     * transient queues gone): how long until the broker holds as many connections and consumers as before, which
     * hosts the API showed down meanwhile (the watch goes on for the service down time after that, 60 s, and a
     * margin), and whether boots go through afterwards.
     */
    private void brokerRestart(int clients) throws Exception {
        Map<String, String> before = brokerFigures();
        long connections = Long.parseLong(before.get("connections"));
        long consumers = Long.parseLong(before.get("consumers"));
        Set<String> down = ConcurrentHashMap.newKeySet();
        AtomicBoolean watching = new AtomicBoolean(true);
        Thread services = watchHostsDown(down, watching);
        double brokerCpu = cpuSeconds(brokerPid); // stop_app and start_app keep the node's process
        Map<String, Double> servicesCpu = cpuSeconds();
        long start = System.nanoTime();
        double brokerBack;
        double consumersBack;
        boolean allBack;
        Map<String, String> now;
        long deadline = start + 600_000_000_000L;
        try {
            rabbitmqctl("stop_app");
            rabbitmqctl("start_app");
            brokerBack = seconds(start);
            now = brokerFigures();
            while (!(allBack = Long.parseLong(now.get("connections")) >= connections
                    && Long.parseLong(now.get("consumers")) >= consumers) && System.nanoTime() < deadline) {
                pause(1000);
                now = brokerFigures();
            }
            consumersBack = seconds(start);
            brokerCpu = cpuSeconds(brokerPid) - brokerCpu;
            servicesCpu = delta(cpuSeconds(), servicesCpu);
            Thread.sleep(75_000);
        } finally {
            watching.set(false);
            services.join();
        }
        long up = computeServices().stream().filter(s -> s.get("state").asString().equals("up")).count();
        int boots = Math.min(100, hosts);
        Boots after = boot("after-restart-", boots, clients);

        System.out.println();
        System.out.printf("## the broker restarted under %d hosts%n%n", hosts);
        System.out.println("| measure | value |");
        System.out.println("|---|---|");
        System.out.printf("| broker: connections, consumers before the restart | %d, %d |%n", connections, consumers);
        System.out.printf("| broker back (stop_app and start_app returned) | %.1f s |%n", brokerBack);
        System.out.printf("| connections and consumers all back | %s after the restart began (%s, %s) |%n",
                allBack ? String.format("%.1f s", consumersBack) : "not within 600 s",
                now.get("connections"), now.get("consumers"));
        System.out.printf("| CPU until then: RabbitMQ, nova-compute, all services | %.1f s, %.1f s, %.1f s (of %.1f s on %d cores) |%n",
                brokerCpu, servicesCpu.getOrDefault("nova-compute", 0.0),
                servicesCpu.values().stream().mapToDouble(Double::doubleValue).sum(),
                consumersBack * Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().availableProcessors());
        System.out.printf("| hosts seen down, until 75 s after that | %d %s |%n", down.size(),
                down.isEmpty() ? "" : down.stream().limit(5).toList());
        System.out.printf("| hosts up at the end | %d of %d |%n", up, hosts);
        System.out.printf("| boots after the restart | %d ACTIVE, %d ERROR, %d not settled, of %d |%n", after.active,
                after.error, boots - after.active - after.error, boots);
    }

    private void run(int boots, int warmup, int clients, String perfTestClasspath, int censusSeconds)
            throws Exception {
        long registering = System.nanoTime();
        awaitHosts();
        System.out.printf("%d hosts registered and up %.1f s after the services were healthy%n", hosts,
                seconds(registering));
        if (censusSeconds > 0) {
            census(censusSeconds);
        }
        if (warmup > 0) {
            // A control plane runs for days: its code is compiled by the JIT long before a burst of boots. Without
            // this, the five JVMs compile the boot path during the measured boots, on the same two cores.
            long warming = System.nanoTime();
            Boots warm = boot("warmup-", warmup, clients);
            deleteAll(warm.ids(), clients);
            System.out.printf("warm-up: %d boots (%d ACTIVE, %.1f boots/s), then deleted, in %.1f s%n", warmup,
                    warm.active, warmup / warm.seconds, seconds(warming));
        }

        Map<String, Double> idleStart = cpuSeconds();
        Thread.sleep(30_000);
        Map<String, Double> idle = delta(cpuSeconds(), idleStart);
        Map<String, String> broker = brokerFigures();

        Map<String, Long> sentBefore = counted("sent");
        Map<String, Long> repliedBefore = counted("replied");
        Map<String, Long> bytesBefore = counted("sentBytes");
        Map<String, Double> bootStart = cpuSeconds();
        double brokerStart = cpuSeconds(brokerPid);
        double postgresStart = postgresCpuSeconds();
        double selfStart = cpuSeconds(ProcessHandle.current().pid());
        double machineStart = machineCpuSeconds();
        Boots result = boot("bench-", boots, clients);
        Map<String, Double> bootCpu = delta(cpuSeconds(), bootStart);
        double brokerCpu = cpuSeconds(brokerPid) - brokerStart;
        double postgresCpu = postgresCpuSeconds() - postgresStart;
        double selfCpu = cpuSeconds(ProcessHandle.current().pid()) - selfStart;
        double machineCpu = machineCpuSeconds() - machineStart;
        Map<String, Long> sent = subtract(counted("sent"), sentBefore);
        Map<String, Long> sentBytes = subtract(counted("sentBytes"), bytesBefore);
        // Both ends of a call count its reply: the server that sent it and the client that got it.
        long replies = subtract(counted("replied"), repliedBefore).values().stream().mapToLong(Long::longValue).sum() / 2;
        Map<String, String> memory = memory();
        double perfTest = perfTest(perfTestClasspath);

        System.out.println();
        System.out.printf("## %d hosts, %d boots from %d clients%n%n", hosts, boots, clients);
        System.out.println("| measure | value |");
        System.out.println("|---|---|");
        System.out.printf("| boots settled | %d ACTIVE, %d ERROR, %d not settled after %d s |%n", result.active,
                result.error, boots - result.active - result.error, result.timeoutSeconds);
        System.out.printf("| boots per second (first POST to last settled) | %.1f |%n", boots / result.seconds);
        System.out.printf("| POST to ACTIVE, p50 / p99 / max | %.2f / %.2f / %.2f s |%n", result.percentile(0.5),
                result.percentile(0.99), result.percentile(1.0));
        System.out.printf("| hosts ever seen down during the boots | %d %s |%n", result.down.size(),
                result.down.isEmpty() ? "" : result.down.stream().limit(5).toList());
        System.out.printf("| broker: connections, channels, queues, consumers (idle) | %s, %s, %s, %s |%n",
                broker.get("connections"), broker.get("channels"), broker.get("queues"), broker.get("consumers"));
        System.out.printf("| broker memory (idle) | %s |%n", broker.get("memory"));
        double messages = sent.values().stream().mapToLong(Long::longValue).sum() + replies;
        System.out.printf("| NovaSim's messages on the broker during the boots (requests and replies) | %.0f/s |%n",
                messages / result.seconds);
        System.out.printf("| PerfTest on the same broker (1 producer, 1 consumer, 1 kB, persistent) | %.0f msg/s |%n",
                perfTest);
        System.out.printf("| share of PerfTest's rate NovaSim used while booting | %.0f%% |%n",
                100 * messages / result.seconds / perfTest);
        for (String service : pids.keySet()) {
            System.out.printf("| %s: CPU idle (%% of a core), CPU while booting (s), heap after GC, RSS | %.1f%%, %.1f s, %s |%n",
                    service, 100 * idle.get(service) / 30, bootCpu.get(service), memory.get(service));
        }
        double services = bootCpu.values().stream().mapToDouble(Double::doubleValue).sum();
        System.out.printf("| CPU while booting: the services, RabbitMQ, PostgreSQL, this client (%d posting, 2 watching),"
                        + " the rest of the machine | %.1f s, %.1f s, %.1f s, %.1f s, %.1f s, of %.1f s (%d cores) |%n",
                clients, services, brokerCpu, postgresCpu, selfCpu, machineCpu - services - brokerCpu - postgresCpu - selfCpu,
                Runtime.getRuntime().availableProcessors() * result.seconds, Runtime.getRuntime().availableProcessors());
        System.out.printf("| the services' CPU per boot | %.1f ms |%n", 1000 * services / boots);
        System.out.println();
        System.out.println("Mean time of a call as its caller saw it and as its server handled it (the rest is the wait");
        System.out.println("in queues and on the wire), over the whole run:");
        System.out.printf("  %-28s %12s %12s %10s%n", "method", "call (ms)", "handled (ms)", "calls");
        Map<String, double[]> calls = timers("rpc_client_calls_seconds");
        Map<String, double[]> handled = timers("rpc_server_requests_seconds");
        calls.forEach((method, c) -> {
            double[] h = handled.getOrDefault(method, new double[] {0, 0});
            System.out.printf("  %-28s %12.1f %12.1f %10.0f%n", method, 1000 * c[0] / c[1], h[1] == 0 ? 0 : 1000 * h[0] / h[1], c[1]);
        });
        System.out.println();
        System.out.println("Requests sent per boot, by method, and their mean size on the wire (heartbeats and node reports");
        System.out.println("excluded; each call also has a reply):");
        sent.entrySet().stream().filter(e -> !e.getKey().contains("Service.") && !e.getKey().contains("ComputeNode.")
                        && e.getValue() > 0)
                .forEach(e -> System.out.printf("  %-52s %6.2f %,8d bytes%n", e.getKey(), (double) e.getValue() / boots,
                        sentBytes.getOrDefault(e.getKey(), 0L) / e.getValue()));
    }

    private void awaitHosts() throws InterruptedException {
        long deadline = System.nanoTime() + 600_000_000_000L;
        long up = 0;
        while (System.nanoTime() < deadline) {
            up = computeServices().stream().filter(s -> s.get("state").asString().equals("up")).count();
            if (up >= hosts) {
                return;
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException("only " + up + " of " + hosts + " hosts came up");
    }

    /** Adds every host the API shows down to {@code down}, each second, while {@code watching}. */
    private Thread watchHostsDown(Set<String> down, AtomicBoolean watching) {
        return Thread.ofPlatform().start(() -> {
            while (watching.get()) {
                try {
                    computeServices().stream().filter(s -> !s.get("state").asString().equals("up"))
                            .forEach(s -> down.add(s.get("host").asString()));
                } catch (RuntimeException e) {
                    // the API's own calls may fail while the broker is away; looked at again in a second
                }
                pause(1000);
            }
        });
    }

    private List<JsonNode> computeServices() {
        return admin.get("/v2.1/os-services").json().get("services").valueStream()
                .filter(s -> s.get("binary").asString().equals("nova-compute")).toList();
    }

    private record Boots(Set<String> ids, int active, int error, double seconds, List<Double> latencies,
                         Set<String> down, int timeoutSeconds) {
        double percentile(double p) {
            if (latencies.isEmpty()) {
                return Double.NaN;
            }
            return latencies.get((int) Math.min(latencies.size() - 1, Math.ceil(p * latencies.size()) - 1));
        }
    }

    private Boots boot(String prefix, int boots, int clients) throws Exception {
        Map<String, Long> posted = new ConcurrentHashMap<>();
        Map<String, Long> settled = new ConcurrentHashMap<>();
        Map<String, String> status = new ConcurrentHashMap<>();
        Set<String> down = ConcurrentHashMap.newKeySet();
        AtomicBoolean watching = new AtomicBoolean(true);
        Thread servers = Thread.ofPlatform().start(() -> {
            // Only what changed since shortly before the last look, so that watching costs the API little.
            Instant since = Instant.now().minusSeconds(5);
            while (watching.get()) {
                long now = System.nanoTime();
                Instant looked = Instant.now();
                for (JsonNode s : listAll("/v2.1/servers/detail?all_tenants=1&changes-since=" + since)) {
                    String st = s.get("status").asString();
                    String id = s.get("id").asString();
                    if ((st.equals("ACTIVE") || st.equals("ERROR")) && settled.putIfAbsent(id, now) == null) {
                        status.put(id, st);
                    }
                }
                since = looked.minusSeconds(2);
                pause(250);
            }
        });
        Thread services = watchHostsDown(down, watching);
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            List<Future<?>> posts = IntStream.range(0, boots).<Future<?>>mapToObj(i -> pool.submit(() -> {
                long at = System.nanoTime();
                ApiClient.Response r = admin.post("/v2.1/servers", Map.of("server", Map.of("name", prefix + i,
                        "imageRef", CIRROS, "flavorRef", "1", "networks", "auto")));
                if (r.status() != 202) {
                    throw new IllegalStateException("POST /servers: " + r);
                }
                posted.put(r.json().at("/server/id").asString(), at);
            })).toList();
            for (Future<?> post : posts) {
                post.get();
            }
        }
        int timeoutSeconds = 300;
        long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
        while (!settled.keySet().containsAll(posted.keySet()) && System.nanoTime() < deadline) {
            pause(250);
        }
        watching.set(false);
        servers.join();
        services.join();
        long last = settled.values().stream().mapToLong(Long::longValue).max().orElse(System.nanoTime());
        List<Double> latencies = new ArrayList<>();
        posted.forEach((id, at) -> {
            Long done = settled.get(id);
            if (done != null && "ACTIVE".equals(status.get(id))) {
                latencies.add((done - at) / 1e9);
            }
        });
        Collections.sort(latencies);
        int active = (int) status.values().stream().filter("ACTIVE"::equals).count();
        int error = (int) status.values().stream().filter("ERROR"::equals).count();
        return new Boots(Set.copyOf(posted.keySet()), active, error, (last - start) / 1e9, latencies, down,
                timeoutSeconds);
    }

    /** Deletes the servers from N clients and waits until the API lists none: their hosts' resources are free. */
    private void deleteAll(Set<String> ids, int clients) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            for (Future<?> deleted : ids.stream().<Future<?>>map(id -> pool.submit(() -> {
                ApiClient.Response r = admin.delete("/v2.1/servers/" + id);
                if (r.status() != 204 && r.status() != 404) {
                    throw new IllegalStateException("DELETE /servers/" + id + ": " + r);
                }
            })).toList()) {
                deleted.get();
            }
        }
        long deadline = System.nanoTime() + 300_000_000_000L;
        while (!listAll("/v2.1/servers?all_tenants=1").isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the warm-up's servers were not all deleted within 300 s");
            }
            pause(1000);
        }
    }

    /** Every page of a server list, following {@code servers_links} as clients do. */
    private List<JsonNode> listAll(String path) {
        List<JsonNode> all = new ArrayList<>();
        String next = path;
        while (next != null) {
            JsonNode page = admin.get(next).json();
            page.get("servers").valueStream().forEach(all::add);
            next = null;
            for (JsonNode link : page.path("servers_links").valueStream().toList()) {
                if (link.get("rel").asString().equals("next")) {
                    String href = link.get("href").asString();
                    next = href.substring(href.indexOf("/v2.1/"));
                }
            }
        }
        return all;
    }

    private static final Pattern PROMETHEUS_LINE = Pattern.compile("^(\\w+)_(sum|count)\\{(.*)} ([0-9.eE+-]+)$");
    private static final Pattern METHOD_TAG = Pattern.compile("method=\"([^\"]*)\"");

    /** A timer's total seconds and count by method, summed over the services' Prometheus scrapes. */
    private Map<String, double[]> timers(String name) {
        Map<String, double[]> byMethod = new TreeMap<>();
        for (String url : urls.values()) {
            String text = new ApiClient(url, "admin:admin").get("/actuator/prometheus").raw().body();
            text.lines().map(PROMETHEUS_LINE::matcher).filter(m -> m.matches() && m.group(1).equals(name)).forEach(m -> {
                Matcher method = METHOD_TAG.matcher(m.group(3));
                if (method.find()) {
                    double[] t = byMethod.computeIfAbsent(method.group(1), k -> new double[2]);
                    t[m.group(2).equals("sum") ? 0 : 1] += Double.parseDouble(m.group(4));
                }
            });
        }
        return byMethod;
    }

    /**
     * What Zed's default intervals give an idle host, per minute, by the name the flow gives each message: the
     * rates of docs/zed-bus.md, for the census to print beside what it counts.
     */
    private static final Map<String, Double> ZED_IDLE_PER_MINUTE = Map.ofEntries(Map.entry("Service.save", 6.0),
            Map.entry("ComputeNodeList.get_all_by_host", 1.0), Map.entry("InstanceList.get_by_host_and_node", 1.0),
            Map.entry("MigrationList.get_in_progress_and_error", 1.0), Map.entry("InstanceList.get_by_host", 1.6),
            Map.entry("sync_instance_info", 0.5), Map.entry("InstanceList.get_by_filters", 0.225),
            Map.entry("MigrationList.get_by_filters", 0.2), Map.entry("ConsoleAuthToken.clean_expired_console_auths", 0.2));

    /**
     * The bus census: what the idle hosts send, per method, over {@code seconds}, per host and minute, beside what
     * Zed's default intervals give; and the broker's connections, channels and queues per host.
     */
    private void census(int seconds) throws Exception {
        Map<String, Long> before = counted("sent");
        Map<String, Long> bytesBefore = counted("sentBytes");
        Thread.sleep(seconds * 1000L);
        Map<String, Long> sent = subtract(counted("sent"), before);
        Map<String, Long> bytes = subtract(counted("sentBytes"), bytesBefore);
        Map<String, String> broker = brokerFigures();
        double perHostMinute = (double) hosts * seconds / 60;
        System.out.println();
        System.out.printf("## the bus census: %d idle hosts over %d s%n%n", hosts, seconds);
        System.out.println("| message | sent per host per minute | Zed's defaults give | bytes per message |");
        System.out.println("|---|---|---|---|");
        sent.forEach((method, count) -> System.out.printf("| %s | %.3f | %s | %s |%n", method, count / perHostMinute,
                ZED_IDLE_PER_MINUTE.containsKey(method) ? String.format("%.3f", ZED_IDLE_PER_MINUTE.get(method)) : "",
                count > 0 ? String.format("%,d", bytes.getOrDefault(method, 0L) / count) : ""));
        long all = sent.values().stream().mapToLong(Long::longValue).sum();
        long allBytes = bytes.values().stream().mapToLong(Long::longValue).sum();
        System.out.printf("| all | %.2f | %.2f | %,d |%n", all / perHostMinute,
                ZED_IDLE_PER_MINUTE.values().stream().mapToDouble(Double::doubleValue).sum(),
                all > 0 ? allBytes / all : 0);
        System.out.printf("%nbytes sent per host per minute: %,.0f%n", allBytes / perHostMinute);
        System.out.printf("%nbroker, per host: %.2f connections, %.2f channels, %.2f queues, %.2f consumers%n",
                Double.parseDouble(broker.get("connections")) / hosts, Double.parseDouble(broker.get("channels")) / hosts,
                Double.parseDouble(broker.get("queues")) / hosts, Double.parseDouble(broker.get("consumers")) / hosts);
    }

    /** One counter of {@code /actuator/rpc} by method, summed over the services. */
    private Map<String, Long> counted(String field) {
        Map<String, Long> counted = new TreeMap<>();
        for (String url : urls.values()) {
            JsonNode counters = new ApiClient(url, "admin:admin").get("/actuator/rpc?limit=0").json().get("counters");
            counters.valueStream().forEach(c -> counted.merge(c.get("method").asString(), c.get(field).asLong(), Long::sum));
        }
        return counted;
    }

    private Map<String, Double> cpuSeconds() throws IOException {
        Map<String, Double> cpu = new LinkedHashMap<>();
        for (Map.Entry<String, Long> e : pids.entrySet()) {
            cpu.put(e.getKey(), cpuSeconds(e.getValue()));
        }
        return cpu;
    }

    private static double cpuSeconds(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        Matcher m = CPU_FIELDS.matcher(stat);
        if (!m.find()) {
            throw new IllegalStateException("cannot read " + stat);
        }
        String[] f = m.group(1).split(" ");
        // utime and stime, fields 14 and 15 of /proc/<pid>/stat, in clock ticks of 1/100 s.
        return (Long.parseLong(f[10]) + Long.parseLong(f[11])) / 100.0;
    }

    /** Every PostgreSQL process's CPU time (its backends live as long as the services' pools keep them). */
    private static double postgresCpuSeconds() throws IOException {
        double total = 0;
        for (ProcessHandle p : ProcessHandle.allProcesses().toList()) {
            if (p.info().command().map(c -> c.contains("postgres")).orElse(false)) {
                try {
                    total += cpuSeconds(p.pid());
                } catch (IOException gone) {
                    // a backend that ended meanwhile
                }
            }
        }
        return total;
    }

    /** The machine's busy CPU time: user, nice, system, irq, softirq and steal of /proc/stat, in 1/100 s ticks. */
    private static double machineCpuSeconds() throws IOException {
        String[] f = Files.readAllLines(Path.of("/proc/stat")).getFirst().split("\\s+");
        return (Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6])
                + Long.parseLong(f[7]) + Long.parseLong(f[8])) / 100.0;
    }

    private Map<String, String> memory() throws Exception {
        Map<String, String> memory = new LinkedHashMap<>();
        for (Map.Entry<String, Long> e : pids.entrySet()) {
            String pid = e.getValue().toString();
            run(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), pid, "GC.run"));
            String heap = run(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), pid,
                    "GC.heap_info"));
            Matcher used = Pattern.compile("used (\\d+)K").matcher(heap);
            String rss = Files.readAllLines(Path.of("/proc", pid, "status")).stream()
                    .filter(l -> l.startsWith("VmRSS:")).findFirst().orElse("VmRSS: ? kB").replaceAll("\\s+", " ");
            memory.put(e.getKey(), (used.find() ? Long.parseLong(used.group(1)) / 1024 + " MB" : "?") + ", "
                    + Long.parseLong(rss.split(" ")[1]) / 1024 + " MB");
        }
        return memory;
    }

    private Map<String, String> brokerFigures() throws Exception {
        Map<String, String> figures = new LinkedHashMap<>();
        List<String> connections = listed("list_connections", "channels");
        figures.put("connections", String.valueOf(connections.size()));
        figures.put("channels", String.valueOf(connections.stream().mapToLong(Long::parseLong).sum()));
        List<String> queues = listed("list_queues", "consumers");
        figures.put("queues", String.valueOf(queues.size()));
        figures.put("consumers", String.valueOf(queues.stream().mapToLong(Long::parseLong).sum()));
        String status = rabbitmqctl("status");
        Matcher memory = Pattern.compile("Total memory used: ([0-9.]+ gb)").matcher(status);
        figures.put("memory", memory.find() ? memory.group(1) : "?");
        return figures;
    }

    /** A rabbitmqctl command on the benchmark's node; what it printed. */
    private String rabbitmqctl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(ctl.toString(), "ctl", node));
        command.addAll(List.of(args));
        return run(command);
    }

    /** One column of a rabbitmqctl listing ({@code list_queues consumers}): a value per row, no headers. */
    private List<String> listed(String listing, String column) throws Exception {
        return rabbitmqctl(listing, column, "-q", "--no-table-headers").lines().map(String::trim)
                .filter(l -> !l.isEmpty()).toList();
    }

    /** PerfTest for 15 s on the benchmark's broker: one producer and one consumer of persistent 1 kB messages. */
    private double perfTest(String classpath) throws Exception {
        String out = run(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classpath,
                "com.rabbitmq.perf.PerfTest", "--uri", amqpUri, "-x", "1", "-y", "1", "-s", "1000", "-z", "15",
                "-q", "250", "-f", "persistent", "-u", "perftest-scale", "-ad", "true"));
        Matcher m = Pattern.compile("receiving rate avg: ([0-9,.]+) msg/s").matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("PerfTest printed no receiving rate:\n" + out);
        }
        return Double.parseDouble(m.group(1).replace(",", ""));
    }

    private static String run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }

    private static Map<String, Double> delta(Map<String, Double> after, Map<String, Double> before) {
        Map<String, Double> d = new LinkedHashMap<>();
        after.forEach((k, v) -> d.put(k, v - before.getOrDefault(k, 0.0)));
        return d;
    }

    private static Map<String, Long> subtract(Map<String, Long> after, Map<String, Long> before) {
        Map<String, Long> d = new TreeMap<>();
        after.forEach((k, v) -> {
            if (v - before.getOrDefault(k, 0L) > 0) {
                d.put(k, v - before.getOrDefault(k, 0L));
            }
        });
        return d;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
