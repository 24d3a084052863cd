package org.novasim.messaging.flow;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import tools.jackson.databind.JsonNode;

/**
 * Keeps what the process sent and received: a bounded ring of recent messages (oldest overwritten first) and
 * counters per topic and method. Recording is a counter bump and an array store, cheap enough for every message.
 */
public final class MessageFlowRecorder {

    private record Key(String topic, String method) {
    }

    private final MethodLabels labels;
    private final FlowEvent[] ring;
    private final AtomicLong next = new AtomicLong();
    private final Map<Key, MethodCounters> counters = new ConcurrentHashMap<>();
    private final List<FlowListener> listeners = new CopyOnWriteArrayList<>();

    public MessageFlowRecorder(int capacity) {
        this(capacity, MethodLabels.METHOD);
    }

    public MessageFlowRecorder(int capacity, MethodLabels labels) {
        if (capacity < 1) {
            throw new IllegalArgumentException("recorder capacity must be positive, got " + capacity);
        }
        this.ring = new FlowEvent[capacity];
        this.labels = labels;
    }

    /** What the records call a message of this method and these arguments ({@link MethodLabels}). */
    public String label(String method, JsonNode args) {
        return method == null || args == null ? method : labels.label(method, args);
    }

    public void addListener(FlowListener listener) {
        listeners.add(listener);
    }

    public void removeListener(FlowListener listener) {
        listeners.remove(listener);
    }

    public void record(FlowEvent event) {
        long slot = next.getAndIncrement();
        ring[(int) (slot % ring.length)] = event;
        counters.computeIfAbsent(new Key(event.topic(), event.method()), k -> new MethodCounters()).count(event);
        for (FlowListener listener : listeners) {
            listener.onEvent(event);
        }
    }

    /** Recent messages in the order they happened (sends by their start), optionally only those of one request id. */
    public List<FlowEvent> recent(String requestId, int limit) {
        long end = next.get();
        long start = Math.max(0, end - ring.length);
        List<FlowEvent> found = new ArrayList<>();
        for (long i = end - 1; i >= start && found.size() < limit; i--) {
            FlowEvent e = ring[(int) (i % ring.length)];
            if (e != null && (requestId == null || requestId.equals(e.requestId()))) {
                found.add(e);
            }
        }
        found.sort(Comparator.comparing(FlowEvent::time));
        return found;
    }

    public List<MethodCountersView> counters() {
        return counters.entrySet().stream()
                .map(e -> e.getValue().view(e.getKey().topic(), e.getKey().method()))
                .sorted(MethodCountersView.BY_TOPIC_AND_METHOD)
                .toList();
    }

    /** How many messages were recorded in all, including those the ring has forgotten. */
    public long total() {
        return next.get();
    }
}
