package org.novasim.messaging.flow;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.novasim.messaging.transport.AmqpTransport;
import org.novasim.messaging.transport.ExchangeSpec;

/**
 * Sends this process's message records to the flow exchange, where a collector merges those of every process.
 * The recording thread only offers the event to a bounded buffer (dropped and counted when full, never waited for);
 * a background thread reads bodies, finds instances, hides secrets and publishes batches.
 */
public final class FlowPublisher implements FlowListener, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FlowPublisher.class);

    private record Pending(long seq, FlowEvent event) {
    }

    private final AmqpTransport transport;
    private final ExchangeSpec exchange;
    private final FlowProperties properties;
    private final Set<String> secretKeys;
    private final String service;
    private final String host;
    private final String source = UUID.randomUUID().toString();
    private final BlockingQueue<Pending> buffer;
    private final AtomicLong seq = new AtomicLong();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder published = new LongAdder();
    private final Thread sender;
    private volatile boolean running = true;

    public FlowPublisher(AmqpTransport transport, ExchangeSpec exchange, FlowProperties properties, String service,
                         String host) {
        this.transport = transport;
        this.exchange = exchange;
        this.properties = properties;
        this.secretKeys = new HashSet<>(properties.secretKeys());
        this.service = service;
        this.host = host;
        this.buffer = new ArrayBlockingQueue<>(properties.bufferSize());
        this.sender = Thread.ofPlatform().daemon().name("flow-publisher").unstarted(this::run);
    }

    public FlowPublisher start() {
        sender.start();
        log.info("publishing message records to exchange {}", exchange.name());
        return this;
    }

    @Override
    public void onEvent(FlowEvent event) {
        Pending pending = new Pending(seq.incrementAndGet(), event);
        if (!running || !buffer.offer(pending)) {
            dropped.increment();
        }
    }

    /** Records not sent: the buffer was full (or the publisher stopped), or the broker refused the batch. */
    public long dropped() {
        return dropped.sum();
    }

    public long published() {
        return published.sum();
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(properties.batchSize());
        while (running || !buffer.isEmpty()) {
            try {
                Pending first = buffer.poll(properties.interval().toNanos(), TimeUnit.NANOSECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                long deadline = System.nanoTime() + properties.interval().toNanos();
                while (batch.size() < properties.batchSize()) {
                    long left = deadline - System.nanoTime();
                    Pending next = left <= 0 ? buffer.poll() : buffer.poll(left, TimeUnit.NANOSECONDS);
                    if (next == null) {
                        break;
                    }
                    batch.add(next);
                }
            } catch (InterruptedException e) {
                buffer.drainTo(batch, properties.batchSize());
                running = false;
            }
            if (!batch.isEmpty()) {
                send(batch);
                batch.clear();
            }
        }
    }

    private void send(List<Pending> batch) {
        List<FlowBatch.Entry> entries = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            entries.add(entry(p));
        }
        try {
            byte[] body = FlowBatch.MAPPER.writeValueAsBytes(new FlowBatch(source, service, entries));
            // Declared for every batch: an auto-deleted exchange (its collector gone) comes back, and it is one small
            // round trip every interval, on this thread.
            transport.declare(exchange);
            transport.publish(exchange.name(), "", false, AmqpTransport.properties(), body);
            published.add(entries.size());
        } catch (RuntimeException e) {
            dropped.add(entries.size());
            log.debug("could not publish {} message records: {}", entries.size(), e.toString());
        }
    }

    private FlowBatch.Entry entry(Pending p) {
        FlowEvent e = p.event();
        FlowEnvelope read = e.body() == null ? new FlowEnvelope(null, null)
                : FlowEnvelope.read(e.body(), properties.instanceKeys(), secretKeys,
                properties.envelopes() && e.body().length <= properties.maxEnvelopeBytes());
        FlowEvent withoutBody = e.withBody(null);
        return new FlowBatch.Entry(p.seq(), hostOf(e), read.instance(), withoutBody, read.envelope());
    }

    /** A request received on {@code <topic>.<server>} was handled by that server (one of many in per-host mode). */
    private String hostOf(FlowEvent e) {
        String key = e.routingKey();
        if (e.direction() == FlowEvent.Direction.RECEIVED && e.kind() != FlowEvent.Kind.REPLY && e.topic() != null
                && key != null && key.length() > e.topic().length() + 1 && key.startsWith(e.topic() + ".")) {
            return key.substring(e.topic().length() + 1);
        }
        return host;
    }

    @Override
    public void close() {
        running = false;
        try {
            sender.join(properties.interval().multipliedBy(5).toMillis() + 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (sender.isAlive()) {
            sender.interrupt();
        }
    }
}
