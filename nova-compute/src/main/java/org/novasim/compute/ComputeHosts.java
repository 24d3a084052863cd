package org.novasim.compute;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.MeterRegistry;

import org.novasim.messaging.Target;
import org.novasim.messaging.config.RpcProperties;
import org.novasim.messaging.rpc.RpcServer;
import org.novasim.nova.config.NovaTopics;

/**
 * The simulated hosts of this process: each consumes its {@code compute.<host>} queues with a {@link ComputeManager}
 * of its own and reports through the conductor on its own timers. Hosts start and stop a few at a time in parallel,
 * so that thousands come up in seconds.
 */
@Component
class ComputeHosts implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ComputeHosts.class);
    /** Hosts started at once: each start is a few round trips to the broker (and a new connection per host). */
    private static final int PARALLEL_STARTS = 16;

    private final ComputeProperties properties;
    private final List<String> hosts;
    private final String topic;
    private final HostLinks links;
    private final SimulatedDriver driver;
    private final MeterRegistry registry;
    private final List<Running> running = new ArrayList<>();
    private PeriodicTasks reports;

    private record Running(HostLink link, RpcServer server) {
    }

    ComputeHosts(ComputeProperties properties, RpcProperties rpc, NovaTopics topics, HostLinks links,
                 SimulatedDriver driver, MeterRegistry registry) {
        this.properties = properties;
        this.hosts = properties.hostNames(rpc.host());
        this.topic = topics.compute();
        this.links = links;
        this.driver = driver;
        this.registry = registry;
    }

    @Override
    public synchronized void start() {
        long begin = System.nanoTime();
        List<HostLink> opened = links.open(hosts);
        try (ExecutorService starts = Executors.newFixedThreadPool(PARALLEL_STARTS,
                Thread.ofPlatform().name("host-start-", 0).factory())) {
            List<Future<Running>> futures = opened.stream().map(link -> starts.submit(() -> serve(link))).toList();
            for (Future<Running> future : futures) {
                running.add(future.get());
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not start the simulated hosts: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the simulated hosts", e);
        }
        reports = new PeriodicTasks(properties, driver, registry);
        reports.start(opened);
        log.info("{} simulated hosts serving {}.<host> in {} ms", hosts.size(), topic,
                (System.nanoTime() - begin) / 1_000_000);
    }

    private Running serve(HostLink link) {
        ComputeManager manager = new ComputeManager(link.host(), link.conductor(), link.computeTask(),
                link.network().withTimeout(properties.networkTimeout()), link.scheduler(), driver, link.notifier());
        return new Running(link, link.servers().start(Target.topic(topic).withServer(link.host()), List.of(manager)));
    }

    @Override
    public synchronized void stop() {
        if (reports != null) {
            reports.close();
            reports = null;
        }
        running.parallelStream().forEach(r -> r.link().servers().stop(r.server()));
        running.clear();
        links.close();
    }

    @Override
    public synchronized boolean isRunning() {
        return !running.isEmpty();
    }
}
