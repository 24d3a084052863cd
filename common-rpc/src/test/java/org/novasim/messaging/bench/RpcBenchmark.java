package org.novasim.messaging.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.novasim.messaging.RequestContext;
import org.novasim.messaging.Target;
import org.novasim.messaging.config.RpcProperties;
import org.novasim.messaging.flow.FlowCollector;
import org.novasim.messaging.flow.FlowProperties;
import org.novasim.messaging.flow.FlowPublisher;
import org.novasim.messaging.flow.MessageFlowRecorder;
import org.novasim.messaging.flow.RpcMetrics;
import org.novasim.messaging.rpc.RpcClient;
import org.novasim.messaging.rpc.RpcClientFactory;
import org.novasim.messaging.rpc.RpcServerFactory;
import org.novasim.messaging.transport.AmqpTransport;
import org.novasim.messaging.transport.ExchangeSpec;
import org.novasim.messaging.transport.OsloTopology;
import org.novasim.messaging.wire.MessageIds;
import org.novasim.messaging.wire.OsloJson;
import org.novasim.messaging.wire.RpcRequest;
import org.novasim.testsupport.TestBroker;

import tools.jackson.databind.JsonNode;

/**
 * Prints, from one run against one broker: NovaSim's sequential calls per second with p50/p99 latency, calls per
 * second with 16 concurrent callers and casts per second handled by a server; the same figures for Python
 * oslo.messaging 14 ({@code src/test/python/oslo_bench.py}, Debian's library); and RabbitMQ PerfTest's rate at the
 * same message size, the broker's limit. Run with {@code bench/rpc-benchmark.sh}.
 */
public final class RpcBenchmark {

    private static final int PAYLOAD = 64;
    /**
     * Sequential round trips before measuring, NovaSim's and the bare client's alike: enough for the JIT to have
     * compiled either path (on two busy cores, 5,000 left NovaSim's longer path still compiling while measured).
     */
    private static final int WARM_UP = 20_000;
    private static final int CALLERS = 16;
    /** Rounds of sequential calls, each followed by as many bare round trips. */
    private static final int SEQUENTIAL_ROUNDS = 10;
    private static final int FLOW_ROUNDS = 10;
    private static final int CAST_WINDOW = 2_000;
    /** Casting threads with publisher confirms, each with one cast in flight: PerfTest gets as many outstanding confirms. */
    private static final int CONFIRMING_CASTERS = 16;

    /** The benchmark's endpoint: the simplest work, so the figures are the messaging's. */
    public static final class Echo {
        private final AtomicLong casts = new AtomicLong();

        public String echo(String payload) {
            return payload;
        }

        /** As Nova's calls name the server they are about, which the flow publisher looks for. */
        public String echoInstance(String payload, String instanceUuid) {
            return payload;
        }

        public void count(String payload) {
            casts.incrementAndGet();
        }
    }

    record Figures(double sequentialCallsPerS, double p50Ms, double p99Ms, double concurrentCallsPerS, double castsPerS) {
    }

    /**
     * NovaSim's sequential calls against bare amqp-client round trips, measured in alternating rounds: the share of
     * the floor, and the lowest and highest share of a single pair of rounds (how much the machine moved meanwhile);
     * and the bare round trips with oslo's server semantics ({@code osloLikePerS}).
     */
    record Sequential(double callsPerS, double rawPerS, double osloLikePerS, double p50Ms, double p99Ms,
                      double lowestShare, double highestShare) {
        double share() {
            return callsPerS / rawPerS;
        }
    }

    record JavaFigures(Figures figures, Sequential sequential) {
    }

    public static void main(String[] args) throws Exception {
        int calls = intArg(args, 0, 20_000);
        int casts = intArg(args, 1, 200_000);
        int confirmedCasts = intArg(args, 2, 100_000);
        TestBroker broker = TestBroker.get();
        String payload = "x".repeat(PAYLOAD);
        int castBodySize = castBodySize(payload);
        System.out.printf("broker %s:%d, payload %d chars (a cast is %d bytes on the wire), %d cores%n",
                broker.host(), broker.port(), PAYLOAD, castBodySize, Runtime.getRuntime().availableProcessors());

        if (Boolean.getBoolean("novasim.bench.cpu-only")) { // -Dnovasim.bench.cpu-only=true: CPU by thread alone
            cpuByThread(broker, payload, calls);
            System.exit(0);
        }
        if (Boolean.getBoolean("novasim.bench.sequential-only")) { // -Dnovasim.bench.sequential-only=true: that row alone
            try (EchoNode node = new EchoNode(broker, false)) {
                printSequential(sequentialAgainstRaw(broker, node.client, RequestContext.admin(),
                        Map.of("payload", payload), castBodySize, calls));
            }
            System.exit(0);
        }
        if (Boolean.getBoolean("novasim.bench.flow-only")) { // -Dnovasim.bench.flow-only=true: the flow's row alone
            printFlowCost(flowCost(broker, payload, calls));
            System.exit(0);
        }
        JavaFigures javaFigures = javaFigures(broker, payload, castBodySize, calls, casts);
        Figures java = javaFigures.figures();
        Sequential sequential = javaFigures.sequential();
        double[] flow = flowCost(broker, payload, calls);
        double confirmed = confirmedCasts(broker, payload, confirmedCasts);
        Figures python = pythonFigures(broker);
        double[] perfTest = perfTest(broker, castBodySize, "-x", "1", "-y", "1");
        double[] perfTestConfirmed = perfTest(broker, castBodySize, "-x", "1", "-y", "1",
                "--confirm", Integer.toString(CONFIRMING_CASTERS), "--confirm-timeout", "60");

        System.out.println();
        System.out.println("| measure | NovaSim (Java) | oslo.messaging 14 (Python) | PerfTest | NovaSim vs. peer |");
        System.out.println("|---|---:|---:|---:|---:|");
        row("sequential calls/s", java.sequentialCallsPerS, python.sequentialCallsPerS, "",
                ratio(java.sequentialCallsPerS, python.sequentialCallsPerS) + " of oslo");
        printSequential(sequential);
        System.out.printf("| call latency p50 / p99 (ms) | %.3f / %.3f | %.3f / %.3f | | |%n",
                java.p50Ms, java.p99Ms, python.p50Ms, python.p99Ms);
        printFlowCost(flow);
        row("calls/s, " + CALLERS + " callers", java.concurrentCallsPerS, python.concurrentCallsPerS, "",
                ratio(java.concurrentCallsPerS, python.concurrentCallsPerS) + " of oslo");
        row("casts/s handled by a server", java.castsPerS, python.castsPerS, String.format("%,.0f", perfTest[1]),
                String.format("%.0f%% of PerfTest, %s of oslo", 100 * java.castsPerS / perfTest[1],
                        ratio(java.castsPerS, python.castsPerS)));
        System.out.printf("| casts/s with publisher confirms, %d casting threads | %,.0f | | %,.0f | %.0f%% of PerfTest --confirm %d |%n",
                CONFIRMING_CASTERS, confirmed, perfTestConfirmed[0], 100 * confirmed / perfTestConfirmed[0],
                CONFIRMING_CASTERS);
        System.out.printf("%nPerfTest: 1 producer, 1 consumer, %d-byte messages, 15 s: sent %,.0f msg/s, received %,.0f msg/s%n",
                castBodySize, perfTest[0], perfTest[1]);
        System.out.printf("PerfTest --confirm %d: 1 producer with at most %d unconfirmed messages, 1 consumer, 15 s: "
                + "sent %,.0f msg/s, received %,.0f msg/s%n", CONFIRMING_CASTERS, CONFIRMING_CASTERS,
                perfTestConfirmed[0], perfTestConfirmed[1]);
        System.exit(0);
    }

    /**
     * Sequential calls with the flow publisher off, then on (a collector on the same broker taking every batch, as
     * nova-api does), in interleaved rounds so that drift of the shared machine falls on both alike.
     *
     * @return calls per second off, on
     */
    static double[] flowCost(TestBroker broker, String payload, int calls) throws Exception {
        FlowProperties flow = FlowProperties.defaults();
        ExchangeSpec exchange = new ExchangeSpec(TestBroker.uniqueName("bench_flow"), "fanout", false, true);
        try (EchoNode node = new EchoNode(broker, false);
             FlowCollector collector = new FlowCollector(node.transport, exchange, flow, "bench").start();
             FlowPublisher publisher = new FlowPublisher(node.transport, exchange, flow, "bench", "bench").start()) {
            MessageFlowRecorder recorder = node.recorder;
            RpcClient client = node.client;
            RequestContext ctx = RequestContext.admin();
            Map<String, String> args = Map.of("payload", payload, "instance_uuid", UUID.randomUUID().toString());
            // Warmed up with the flow on, so that both sides of the comparison run compiled code.
            recorder.addListener(publisher);
            for (int i = 0; i < WARM_UP / 2; i++) {
                client.call(ctx, "echo_instance", args);
            }
            TimeUnit.MILLISECONDS.sleep(1000);
            long warmedUp = publisher.published() + publisher.dropped();
            int perRound = Math.max(1, calls / 5);
            long nanosOff = 0;
            long nanosOn = 0;
            long cpuOff = 0;
            long cpuOn = 0;
            for (int round = 0; round < FLOW_ROUNDS; round++) {
                recorder.removeListener(publisher);
                long cpu = processCpuNanos();
                nanosOff += sequentialCalls(client, ctx, args, perRound);
                cpuOff += processCpuNanos() - cpu;
                recorder.addListener(publisher);
                cpu = processCpuNanos();
                nanosOn += sequentialCalls(client, ctx, args, perRound);
                cpuOn += processCpuNanos() - cpu;
            }
            recorder.removeListener(publisher);
            long expected = warmedUp + (long) perRound * FLOW_ROUNDS * 4; // a call: sent, received, reply sent, received
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (collector.collected() + collector.dropped() < expected && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(50);
            }
            System.out.printf("flow (warm-up included): %,d records published, %,d dropped by the publisher, %,d collected, %,d lost on the way%n",
                    publisher.published(), publisher.dropped(), collector.collected(), collector.dropped());
            double measured = (double) perRound * FLOW_ROUNDS;
            return new double[] {measured / (nanosOff / 1e9), measured / (nanosOn / 1e9), cpuOff / 1e3 / measured,
                    cpuOn / 1e3 / measured};
        }
    }

    /**
     * Where a sequential call's CPU goes, by thread (client and server in this JVM), with the flow publisher off and
     * on (a collector in the same JVM), twice each: less sensitive to a busy machine than a rate.
     */
    static void cpuByThread(TestBroker broker, String payload, int calls) throws Exception {
        FlowProperties flow = FlowProperties.defaults();
        ExchangeSpec exchange = new ExchangeSpec(TestBroker.uniqueName("bench_flow"), "fanout", false, true);
        try (EchoNode node = new EchoNode(broker, false);
             FlowCollector collector = new FlowCollector(node.transport, exchange, flow, "bench").start();
             FlowPublisher publisher = new FlowPublisher(node.transport, exchange, flow, "bench", "bench").start()) {
            RequestContext ctx = RequestContext.admin();
            Map<String, String> args = Map.of("payload", payload, "instance_uuid", UUID.randomUUID().toString());
            node.recorder.addListener(publisher);
            sequentialCalls(node.client, ctx, args, WARM_UP);
            for (boolean on : new boolean[] {false, true, false, true}) {
                if (on) {
                    node.recorder.addListener(publisher);
                } else {
                    node.recorder.removeListener(publisher);
                }
                TimeUnit.MILLISECONDS.sleep(500);
                ThreadCpu before = ThreadCpu.read();
                double rate = calls / (sequentialCalls(node.client, ctx, args, calls) / 1e9);
                TimeUnit.MILLISECONDS.sleep(500); // the publisher's and the collector's part of these calls
                System.out.printf("%,d sequential calls, flow %s, %,.0f/s: %s%n", calls, on ? "on" : "off", rate,
                        ThreadCpu.read().perCall(before, calls));
            }
        }
    }

    private static void printSequential(Sequential sequential) {
        System.out.printf("| sequential round trips/s, raw amqp-client (no JSON, no acks; %d rounds alternating with "
                        + "NovaSim's) | %,.0f | | | NovaSim at %.0f%% of it (%.0f%% to %.0f%% by round) |%n",
                SEQUENTIAL_ROUNDS, sequential.rawPerS(), 100 * sequential.share(), 100 * sequential.lowestShare(),
                100 * sequential.highestShare());
        System.out.printf("| the same with oslo's server semantics (each request acked when received, replied from a "
                        + "worker) | %,.0f | | | NovaSim at %.0f%% of it |%n",
                sequential.osloLikePerS(), 100 * sequential.callsPerS() / sequential.osloLikePerS());
    }

    private static void printFlowCost(double[] flow) {
        System.out.printf("| sequential calls/s, flow publisher off / on (%d rounds each, interleaved; collector in the "
                + "same JVM) | %,.0f / %,.0f | | | the flow costs %.1f%% of the call rate; JVM CPU per call %.0f / %.0f µs |%n",
                FLOW_ROUNDS, flow[0], flow[1], 100 * (1 - flow[1] / flow[0]), flow[2], flow[3]);
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static long sequentialCalls(RpcClient client, RequestContext ctx, Map<String, String> args, int calls) {
        long start = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            client.call(ctx, "echo_instance", args);
        }
        return System.nanoTime() - start;
    }

    private static CachingConnectionFactory connections(TestBroker broker) {
        CachingConnectionFactory connections = broker.cachingConnectionFactory();
        connections.setChannelCacheSize(CALLERS * 2);
        return connections;
    }

    private static RpcProperties properties(boolean publisherConfirms) {
        RpcProperties defaults = RpcProperties.defaults();
        return new RpcProperties(null, TestBroker.uniqueName("bench"), "bench",
                defaults.rpcResponseTimeout(), defaults.heartbeatTimeoutThreshold(), defaults.executorThreadPoolSize(),
                defaults.prefetchCount(), false, true,
                Duration.ofSeconds(60), false, 0, 0, 0, false, false, null, "", false, defaults.duplicateCacheSize(), "", Map.of(), defaults.notifications(),
                defaults.recorder(), defaults.publishRetry(), publisherConfirms, defaults.ssl(), defaults.topologyRecovery());
    }

    private static JavaFigures javaFigures(TestBroker broker, String payload, int castBodySize, int calls, int casts)
            throws Exception {
        try (EchoNode node = new EchoNode(broker, false)) {
            Echo echo = node.echo;
            RpcClient client = node.client;
            RequestContext ctx = RequestContext.admin();
            Map<String, String> args = Map.of("payload", payload);
            Sequential sequential = sequentialAgainstRaw(broker, client, ctx, args, castBodySize, calls);

            int perCaller = calls * 2 / CALLERS;
            List<Thread> threads = new ArrayList<>();
            long start = System.nanoTime();
            for (int c = 0; c < CALLERS; c++) {
                threads.add(Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < perCaller; i++) {
                        client.call(ctx, "echo", args);
                    }
                }));
            }
            for (Thread t : threads) {
                t.join();
            }
            double concurrent = (double) perCaller * CALLERS / seconds(start);

            // A steady state, as PerfTest measures one: the sender stays at most CAST_WINDOW casts ahead of the
            // server rather than piling an ever longer queue onto the broker.
            start = System.nanoTime();
            for (int i = 0; i < casts; i++) {
                while (i - echo.casts.get() > CAST_WINDOW) {
                    java.util.concurrent.locks.LockSupport.parkNanos(100_000);
                }
                client.cast(ctx, "count", args);
            }
            while (echo.casts.get() < casts) {
                TimeUnit.MILLISECONDS.sleep(1);
            }
            double castRate = casts / seconds(start);
            return new JavaFigures(new Figures(sequential.callsPerS(), sequential.p50Ms(), sequential.p99Ms(),
                    concurrent, castRate), sequential);
        }
    }

    /**
     * Casts with publisher confirms (compose's setting): {@value #CONFIRMING_CASTERS} threads each cast, and each
     * cast returns once the broker has confirmed it, while a server handles them. Casts per second until the last
     * cast returned, as PerfTest's sending rate.
     */
    static double confirmedCasts(TestBroker broker, String payload, int casts) throws Exception {
        try (EchoNode node = new EchoNode(broker, true)) {
            Echo echo = node.echo;
            RpcClient client = node.client;
            RequestContext ctx = RequestContext.admin();
            Map<String, String> args = Map.of("payload", payload);
            int warmUp = runCasters(client, ctx, args, casts / 10);
            long start = System.nanoTime();
            int cast = runCasters(client, ctx, args, casts);
            double rate = cast / seconds(start);
            while (echo.casts.get() < warmUp + cast) {
                TimeUnit.MILLISECONDS.sleep(1);
            }
            return rate;
        }
    }

    /**
     * A server of {@link Echo} and a client of it on one connection, with the recorder and metrics on as in a
     * service; publisher confirms if asked (compose's setting).
     */
    private static final class EchoNode implements AutoCloseable {
        final CachingConnectionFactory connections;
        final AmqpTransport transport;
        final MessageFlowRecorder recorder;
        final Echo echo = new Echo();
        final RpcServerFactory servers;
        final RpcClientFactory clients;
        final RpcClient client;

        EchoNode(TestBroker broker, boolean confirms) {
            connections = connections(broker);
            RpcProperties properties = properties(confirms);
            if (confirms) {
                connections.setPublisherConfirmType(CachingConnectionFactory.ConfirmType.SIMPLE);
                transport = new AmqpTransport(connections, properties.publishRetry(), properties.rpcResponseTimeout(),
                        properties.topologyRecovery());
            } else {
                transport = new AmqpTransport(connections);
            }
            OsloTopology topology = new OsloTopology(properties);
            recorder = new MessageFlowRecorder(properties.recorder().capacity());
            recorder.addListener(new RpcMetrics(new SimpleMeterRegistry()));
            String topic = TestBroker.uniqueName("bench");
            servers = new RpcServerFactory(transport, topology, recorder, properties);
            clients = new RpcClientFactory(transport, topology, recorder, properties);
            servers.start(Target.topic(topic).withServer("bench"), List.of(echo));
            client = clients.client(Target.topic(topic));
        }

        @Override
        public void close() {
            clients.close();
            servers.close();
            connections.destroy();
        }
    }

    /** @return how many were cast: {@code casts} rounded down to a multiple of the threads */
    private static int runCasters(RpcClient client, RequestContext ctx, Map<String, String> args, int casts)
            throws InterruptedException {
        int each = casts / CONFIRMING_CASTERS;
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < CONFIRMING_CASTERS; c++) {
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < each; i++) {
                    client.cast(ctx, "count", args);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        return each * CONFIRMING_CASTERS;
    }

    /**
     * NovaSim's sequential calls and bare round trips in alternating rounds, after both are warmed up, so that a
     * shared machine's drift falls on both alike rather than into the ratio, as when each was measured in a phase of
     * its own a minute apart. The bare round trips come twice: as the floor (no acks, the reply sent from the
     * consumer) and with oslo's server semantics (each request acknowledged when received and handed to a worker).
     */
    private static Sequential sequentialAgainstRaw(TestBroker broker, RpcClient client, RequestContext ctx,
                                                   Map<String, String> args, int size, int calls) throws Exception {
        try (RawEcho raw = new RawEcho(broker, size, false); RawEcho osloLike = new RawEcho(broker, size, true)) {
            for (int i = 0; i < WARM_UP; i++) {
                client.call(ctx, "echo", args);
            }
            raw.roundTrips(WARM_UP);
            osloLike.roundTrips(WARM_UP);
            int perRound = Math.max(1, calls / SEQUENTIAL_ROUNDS);
            long[] latencies = new long[perRound * SEQUENTIAL_ROUNDS];
            long nanos = 0;
            long rawNanos = 0;
            long osloLikeNanos = 0;
            double lowest = Double.MAX_VALUE;
            double highest = 0;
            for (int round = 0; round < SEQUENTIAL_ROUNDS; round++) {
                long roundStart = System.nanoTime();
                for (int i = 0; i < perRound; i++) {
                    long t = System.nanoTime();
                    client.call(ctx, "echo", args);
                    latencies[round * perRound + i] = System.nanoTime() - t;
                }
                long roundNanos = System.nanoTime() - roundStart;
                long rawRoundNanos = raw.roundTrips(perRound);
                osloLikeNanos += osloLike.roundTrips(perRound);
                nanos += roundNanos;
                rawNanos += rawRoundNanos;
                double share = (double) rawRoundNanos / roundNanos;
                lowest = Math.min(lowest, share);
                highest = Math.max(highest, share);
            }
            Arrays.sort(latencies);
            int measured = latencies.length;
            return new Sequential(measured / (nanos / 1e9), measured / (rawNanos / 1e9),
                    measured / (osloLikeNanos / 1e9), latencies[measured / 2] / 1e6,
                    latencies[(int) (measured * 0.99)] / 1e6, lowest, highest);
        }
    }

    /**
     * A bare amqp-client request and reply between two connections, with no serialisation at all. As the floor under
     * any call on this machine and broker: requests auto-acked, the reply sent from the consumer. With oslo's server
     * semantics, as an RPC server must: each request acknowledged once received and handed to a worker (a virtual
     * thread) that sends the reply, so that a request is handled at most once and may block.
     */
    private static final class RawEcho implements AutoCloseable {
        private final com.rabbitmq.client.Connection server;
        private final com.rabbitmq.client.Connection client;
        private final com.rabbitmq.client.Channel clientOut;
        private final String requests;
        private final java.util.concurrent.BlockingQueue<byte[]> received = new java.util.concurrent.LinkedBlockingQueue<>();
        private final java.util.concurrent.ExecutorService workers = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();
        private final byte[] body;

        RawEcho(TestBroker broker, int size, boolean osloSemantics) throws Exception {
            com.rabbitmq.client.ConnectionFactory factory = new com.rabbitmq.client.ConnectionFactory();
            factory.setHost(broker.host());
            factory.setPort(broker.port());
            factory.setUsername(broker.username());
            factory.setPassword(broker.password());
            factory.setVirtualHost(broker.virtualHost());
            server = factory.newConnection();
            client = factory.newConnection();
            com.rabbitmq.client.Channel serverIn = server.createChannel();
            com.rabbitmq.client.Channel serverOut = server.createChannel();
            com.rabbitmq.client.Channel clientIn = client.createChannel();
            clientOut = client.createChannel();
            requests = serverIn.queueDeclare(TestBroker.uniqueName("raw_req"), false, true, true, null).getQueue();
            String replies = clientIn.queueDeclare(TestBroker.uniqueName("raw_reply"), false, true, true, null).getQueue();
            if (osloSemantics) {
                serverIn.basicConsume(requests, false, (tag, d) -> {
                    byte[] request = d.getBody();
                    workers.execute(() -> reply(serverOut, replies, request));
                    serverIn.basicAck(d.getEnvelope().getDeliveryTag(), false);
                }, tag -> { });
            } else {
                serverIn.basicConsume(requests, true, (tag, d) -> serverOut.basicPublish("", replies, null, d.getBody()), tag -> { });
            }
            clientIn.basicConsume(replies, true, (tag, d) -> received.add(d.getBody()), tag -> { });
            body = new byte[size];
        }

        private static void reply(com.rabbitmq.client.Channel channel, String replies, byte[] request) {
            try {
                synchronized (channel) { // one publisher at a time on a channel
                    channel.basicPublish("", replies, null, request);
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        /** @return the nanoseconds {@code count} sequential round trips took */
        long roundTrips(int count) throws Exception {
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                clientOut.basicPublish("", requests, null, body);
                received.take();
            }
            return System.nanoTime() - start;
        }

        @Override
        public void close() throws Exception {
            client.close();
            server.close();
            workers.close();
        }
    }

    private static Figures pythonFigures(TestBroker broker) throws Exception {
        Path script = Path.of("src/test/python/oslo_bench.py").toAbsolutePath();
        Process p = new ProcessBuilder("/usr/bin/python3", script.toString(),
                "--url", broker.transportUrl() + "?amqp_auto_delete=true",
                "--exchange", TestBroker.uniqueName("bench_py"), "--topic", TestBroker.uniqueName("bench_py"),
                "--payload", Integer.toString(PAYLOAD), "--callers", Integer.toString(CALLERS))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (p.waitFor() != 0 || out.isEmpty()) {
            throw new IllegalStateException("oslo_bench.py failed (is python3-oslo.messaging installed?): " + out);
        }
        JsonNode f = OsloJson.mapper().readTree(out.lines().reduce((a, b) -> b).orElseThrow());
        return new Figures(f.get("sequential_calls_per_s").asDouble(), f.get("p50_ms").asDouble(),
                f.get("p99_ms").asDouble(), f.get("concurrent_calls_per_s").asDouble(), f.get("casts_per_s").asDouble());
    }

    /** PerfTest, run by this script in a JVM of its own, at the cast's size, with the given options; {sent/s, received/s}. */
    static double[] perfTest(TestBroker broker, int size, String... options) throws Exception {
        String classpath = System.getProperty("novasim.perftest.classpath");
        if (classpath == null) {
            throw new IllegalStateException("run through bench/rpc-benchmark.sh, which resolves PerfTest's class path");
        }
        String uri = "amqp://" + broker.username() + ":" + broker.password() + "@" + broker.host() + ":" + broker.port()
                + ("/".equals(broker.virtualHost()) ? "" : "/" + broker.virtualHost());
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath, "com.rabbitmq.perf.PerfTest", "--uri", uri, "-s", Integer.toString(size),
                "-z", "15", "-q", "250", "-f", "persistent", "-u", TestBroker.uniqueName("perftest"), "-ad", "true"));
        command.addAll(List.of(options));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return new double[] {rate(text, "sending rate avg"), rate(text, "receiving rate avg")};
    }

    private static double rate(String perfTestOutput, String label) {
        Matcher m = Pattern.compile(label + ": ([0-9,.]+) msg/s").matcher(perfTestOutput);
        if (!m.find()) {
            throw new IllegalStateException("PerfTest printed no '" + label + "':\n" + perfTestOutput);
        }
        return Double.parseDouble(m.group(1).replace(",", ""));
    }

    private static int castBodySize(String payload) {
        RpcRequest cast = new RpcRequest("count", OsloJson.mapper().valueToTree(Map.of("payload", payload)), null, null,
                null, null, MessageIds.newHex(), RequestContext.admin());
        return cast.toBody().length;
    }

    private static void row(String measure, double java, double python, String perfTest, String ratio) {
        System.out.printf("| %s | %,.0f | %,.0f | %s | %s |%n", measure, java, python, perfTest, ratio);
    }

    private static String ratio(double a, double b) {
        return String.format("%.1fx", a / b);
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static int intArg(String[] args, int index, int fallback) {
        return args.length > index ? Integer.parseInt(args[index]) : fallback;
    }
}
