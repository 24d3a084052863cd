package org.novasim.messaging.flow;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.novasim.messaging.transport.AmqpTransport;
import org.novasim.messaging.transport.ExchangeSpec;

/**
 * Sends this process's message records to the flow exchange, where a collector merges those of every process.
 * The recording thread only offers the event to a bounded buffer (dropped and counted when full, never waited for);
 * a background thread finds each message's instance by a scan of its body and publishes batches.
 */
public final class FlowPublisher implements FlowListener, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FlowPublisher.class);

    private record Pending(long seq, FlowEvent event) {
    }

    private final AmqpTransport transport;
    private final ExchangeSpec exchange;
    private final FlowProperties properties;
    private final String service;
    private final String host;
    private final String source = UUID.randomUUID().toString();
    private final BlockingQueue<Pending> buffer;
    private final AtomicLong seq = new AtomicLong();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder published = new LongAdder();
    private final Thread sender;
    private volatile boolean running = true;
    private static final long EXCHANGE_CHECK_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final long MISSING_EXCHANGE_CHECK_NANOS = TimeUnit.SECONDS.toNanos(1);
    private boolean exchangePresent;
    private long exchangeCheckedAt;

    public FlowPublisher(AmqpTransport transport, ExchangeSpec exchange, FlowProperties properties, String service,
                         String host) {
        this.transport = transport;
        this.exchange = exchange;
        this.properties = properties;
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

    /** Records not sent: the buffer was full (or the publisher stopped), no collector, or the broker refused the batch. */
    public long dropped() {
        return dropped.sum();
    }

    public long published() {
        return published.sum();
    }

    /**
     * Sleeps an interval, then sends all that came in, in batches. It never waits on the buffer itself: a waiting
     * reader would be woken by every record, a thread switch per message on the RPC path's cores.
     */
    private void run() {
        List<Pending> batch = new ArrayList<>(properties.batchSize());
        long intervalNanos = properties.interval().toNanos();
        while (running) {
            LockSupport.parkNanos(intervalNanos);
            if (Thread.interrupted()) {
                running = false;
            }
            while (buffer.drainTo(batch, properties.batchSize()) > 0) {
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
        if (!collectorListening()) {
            dropped.add(entries.size());
            return;
        }
        try {
            byte[] body = new FlowBatch(source, service, entries).encode();
            transport.publishApart(exchange.name(), "", AmqpTransport.properties(), body);
            published.add(entries.size());
        } catch (RuntimeException e) {
            dropped.add(entries.size());
            // A broker that went away may have taken the exchange with it (it goes with the collector's queue).
            exchangePresent = false;
            log.debug("could not publish {} message records: {}", entries.size(), e.toString());
        }
    }

    /**
     * The collector declares the exchange; publishers only look for it (every 5 s, every second while it is
     * missing), so that a process with
     * no collector on its broker (tests, a stack without nova-api) neither creates an exchange nobody removes nor
     * sends records nowhere.
     */
    private boolean collectorListening() {
        long now = System.nanoTime();
        long every = exchangePresent ? EXCHANGE_CHECK_NANOS : MISSING_EXCHANGE_CHECK_NANOS;
        if (exchangeCheckedAt == 0 || now - exchangeCheckedAt >= every) {
            exchangePresent = transport.exchangeExists(exchange.name());
            exchangeCheckedAt = now == 0 ? 1 : now;
        }
        return exchangePresent;
    }

    private FlowBatch.Entry entry(Pending p) {
        FlowEvent e = p.event();
        byte[] body = e.body();
        String instance = body == null ? null : FlowEnvelope.instanceIn(body, properties.instanceKeys());
        // The receiving side's body is the sender's: sent once, by the sender, as the text it is (no parsing here).
        boolean withBody = body != null && properties.envelopes() && e.direction() == FlowEvent.Direction.SENT
                && body.length <= properties.maxEnvelopeBytes();
        return new FlowBatch.Entry(p.seq(), hostOf(e), instance, e.withBody(null),
                withBody ? new String(body, StandardCharsets.UTF_8) : null);
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
        LockSupport.unpark(sender);
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
