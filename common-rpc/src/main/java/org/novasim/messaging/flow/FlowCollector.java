package org.novasim.messaging.flow;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.core.Message;

import org.novasim.messaging.transport.AmqpTransport;
import org.novasim.messaging.transport.BindingSpec;
import org.novasim.messaging.transport.ExchangeSpec;
import org.novasim.messaging.transport.QueueSpec;
import org.novasim.messaging.transport.Subscription;

import tools.jackson.databind.node.ObjectNode;

/**
 * The merged flow: binds a queue of its own (exclusive, auto-delete, bounded) to the flow exchange and keeps the recent records
 * of every process that publishes there, its own included, with counters per topic and method. Records lost on the
 * way (a publisher's full buffer, the queue's overflow) show as gaps in their source's sequence and are counted.
 */
public final class FlowCollector implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FlowCollector.class);
    private static final int REMEMBERED_CALLS = 4096;

    private record CounterKey(String topic, String method) {
    }

    private final AmqpTransport transport;
    private final ExchangeSpec exchange;
    private final Set<String> secretKeys;
    private final QueueSpec queue;
    private final FlowRecord[] ring;
    private final AtomicLong next = new AtomicLong();
    private final Map<CounterKey, MethodCounters> counters = new ConcurrentHashMap<>();
    private final Map<String, Long> lastSeq = new ConcurrentHashMap<>();
    private final LongAdder dropped = new LongAdder();
    private final List<Consumer<FlowRecord>> listeners = new CopyOnWriteArrayList<>();
    /** A call's instance, for its reply (whose body does not name it). */
    private final Map<String, String> instanceOfCall = new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > REMEMBERED_CALLS;
        }
    };
    private Subscription subscription;

    public FlowCollector(AmqpTransport transport, ExchangeSpec exchange, FlowProperties properties, String host) {
        this.transport = transport;
        this.exchange = exchange;
        // Exclusive: this connection's alone, and gone with it (RabbitMQ 4.3 refuses a transient queue that is not).
        this.queue = new QueueSpec(exchange.name() + ".collector." + host + "." + UUID.randomUUID().toString().substring(0, 8),
                false, true, true, Map.of("x-max-length", properties.queueMaxLength(), "x-overflow", "drop-head"));
        this.ring = new FlowRecord[properties.capacity()];
        this.secretKeys = Set.copyOf(properties.secretKeys());
    }

    public synchronized FlowCollector start() {
        transport.declare(exchange);
        transport.declare(queue);
        transport.declare(new BindingSpec(queue.name(), exchange.name(), ""));
        subscription = transport.listen("flow-collector", List.of(queue.name()), this::onMessage,
                AcknowledgeMode.AUTO, 20);
        log.info("collecting message records from exchange {} on queue {}", exchange.name(), queue.name());
        return this;
    }

    public void addListener(Consumer<FlowRecord> listener) {
        listeners.add(listener);
    }

    public void removeListener(Consumer<FlowRecord> listener) {
        listeners.remove(listener);
    }

    private void onMessage(Message message) {
        FlowBatch batch;
        try {
            batch = FlowBatch.decode(message.getBody());
        } catch (RuntimeException e) {
            log.warn("ignoring an unreadable message on the flow exchange ({} bytes): {}", message.getBody().length,
                    e.getMessage());
            return;
        }
        for (FlowBatch.Entry entry : batch.records()) {
            accept(batch, entry);
        }
    }

    private synchronized void accept(FlowBatch batch, FlowBatch.Entry entry) {
        // Two threads recording at once may reach the publisher's buffer out of their sequence order: a number
        // below the highest seen fills a gap counted when the highest arrived.
        Long highest = lastSeq.get(batch.source());
        if (highest == null || entry.seq() > highest) {
            lastSeq.put(batch.source(), entry.seq());
            if (highest != null && entry.seq() > highest + 1) {
                dropped.add(entry.seq() - highest - 1);
            }
        } else {
            dropped.decrement();
        }
        FlowEvent event = entry.event();
        String instance = entry.instance();
        if (event.msgId() != null) {
            if (instance != null) {
                instanceOfCall.put(event.msgId(), instance);
            } else {
                instance = instanceOfCall.get(event.msgId());
            }
        }
        long n = next.getAndIncrement();
        FlowRecord record = FlowRecord.of(batch.service() + ":" + (n + 1), batch.service(), entry, instance);
        ring[(int) (n % ring.length)] = record;
        counters.computeIfAbsent(new CounterKey(event.topic(), event.method()), k -> new MethodCounters()).count(event);
        for (Consumer<FlowRecord> listener : listeners) {
            try {
                listener.accept(record);
            } catch (RuntimeException e) {
                log.debug("a flow listener failed: {}", e.toString());
            }
        }
    }

    /** Recent records in time order, newest last: at most {@code limit}, of one request id and/or one instance. */
    public List<FlowRecord> recent(@Nullable String requestId, @Nullable String instance, int limit) {
        List<FlowRecord> found = new ArrayList<>();
        long end = next.get();
        for (long i = Math.max(0, end - ring.length); i < end; i++) {
            FlowRecord r = ring[(int) (i % ring.length)];
            if (r != null && matches(r, requestId, instance)) {
                found.add(r);
            }
        }
        found.sort(Comparator.comparing(FlowRecord::instant));
        return found.size() <= limit ? found : List.copyOf(found.subList(found.size() - limit, found.size()));
    }

    public static boolean matches(FlowRecord r, @Nullable String requestId, @Nullable String instance) {
        return (requestId == null || requestId.equals(r.requestId())) && (instance == null || instance.equals(r.instance()));
    }

    /**
     * One record with its envelope (secrets hidden), if the collector still keeps it. A received message shows the
     * body its sender published: the call with the same msg id, or the latest cast of the same method, request and
     * routing key sent no later than it was received. By the events' times, not the order their records came in: each
     * service publishes its records in batches of its own, so a receiver's may come in before its sender's.
     */
    public Optional<FlowRecord> find(String id) {
        List<FlowRecord> kept = kept();
        for (int i = kept.size() - 1; i >= 0; i--) {
            FlowRecord r = kept.get(i);
            if (r.id().equals(id)) {
                String body = r.body() != null ? r.body() : bodyOfSender(kept, r);
                ObjectNode shown = body == null ? null
                        : FlowEnvelope.shown(body.getBytes(StandardCharsets.UTF_8), secretKeys);
                return Optional.of(r.withEnvelope(shown == null ? FlowBatch.MAPPER.createObjectNode() : shown));
            }
        }
        return Optional.empty();
    }

    private static @Nullable String bodyOfSender(List<FlowRecord> kept, FlowRecord r) {
        if (r.direction() != FlowEvent.Direction.RECEIVED) {
            return null;
        }
        FlowRecord sender = null;
        for (FlowRecord s : kept) {
            if (s.body() == null || s.direction() != FlowEvent.Direction.SENT || s.kind() != r.kind()) {
                continue;
            }
            if (r.msgId() != null) {
                if (r.msgId().equals(s.msgId())) {
                    return s.body();
                }
            } else if (Objects.equals(r.method(), s.method()) && Objects.equals(r.requestId(), s.requestId())
                    && Objects.equals(r.routingKey(), s.routingKey()) && !s.instant().isAfter(r.instant())
                    && (sender == null || s.instant().isAfter(sender.instant()))) {
                sender = s;
            }
        }
        return sender == null ? null : sender.body();
    }

    /** The records kept, oldest first. */
    private List<FlowRecord> kept() {
        long end = next.get();
        List<FlowRecord> kept = new ArrayList<>();
        for (long i = Math.max(0, end - ring.length); i < end; i++) {
            FlowRecord r = ring[(int) (i % ring.length)];
            if (r != null) {
                kept.add(r);
            }
        }
        return kept;
    }

    public List<MethodCountersView> counters() {
        return counters.entrySet().stream()
                .map(e -> e.getValue().view(e.getKey().topic(), e.getKey().method()))
                .sorted(MethodCountersView.BY_TOPIC_AND_METHOD)
                .toList();
    }

    /** Records that never reached this collector (gaps in their sources' sequences). */
    public long dropped() {
        return dropped.sum();
    }

    public long collected() {
        return next.get();
    }

    @Override
    public synchronized void close() {
        if (subscription != null) {
            subscription.close(); // before its queue goes, which would have the broker cancel it as if lost
            subscription = null;
            transport.forget(queue, true);
        }
    }
}
