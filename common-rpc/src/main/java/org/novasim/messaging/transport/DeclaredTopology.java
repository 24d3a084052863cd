package org.novasim.messaging.transport;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Everything this process declared on the broker and consumes from. It is what the transport re-declares
 * when a connection comes back, and what the {@code rpc} actuator endpoint shows.
 */
public final class DeclaredTopology {

    /** A consumer as the endpoint shows it: which queues one listener reads, and whether it is consuming. */
    public record ConsumerView(String listener, List<String> queues, boolean active) {
    }

    private final Map<String, ExchangeSpec> exchanges = new ConcurrentHashMap<>();
    private final Map<String, QueueSpec> queues = new ConcurrentHashMap<>();
    private final Collection<BindingSpec> bindings = new CopyOnWriteArrayList<>();
    private final Collection<Consumers> consumers = new CopyOnWriteArrayList<>();

    /** A live source of consumer state (a queue listener). */
    public interface Consumers {
        ConsumerView view();

        /** Consumes {@code queue} again on a new channel, if this source reads it (its queue was found re-created). */
        void consumeAgain(String queue);
    }

    /** Adds or replaces an exchange; true if it was not known. */
    boolean add(ExchangeSpec exchange) {
        return exchanges.put(exchange.name(), exchange) == null;
    }

    void add(QueueSpec queue) {
        queues.put(queue.name(), queue);
    }

    void add(BindingSpec binding) {
        if (!bindings.contains(binding)) {
            bindings.add(binding);
        }
    }

    /**
     * Forgets a queue and its bindings, and the auto-delete exchanges left with no binding of ours: the broker drops
     * such an exchange with its last binding, and declaring it again after a reconnect would leave it behind, empty.
     * (An exchange still published to is declared again by its next publish.)
     */
    void remove(QueueSpec queue) {
        queues.remove(queue.name());
        bindings.removeIf(b -> b.queue().equals(queue.name()));
        exchanges.values().removeIf(e -> e.autoDelete() && bindings.stream().noneMatch(b -> b.exchange().equals(e.name())));
    }

    /** Every consumer of {@code queue} starts again: one left on a queue the broker no longer routes to is lost. */
    void consumeAgain(String queue) {
        consumers.forEach(c -> c.consumeAgain(queue));
    }

    /** Whether one of this process's listeners reads {@code queue}. */
    boolean consumes(String queue) {
        return consumers.stream().anyMatch(c -> c.view().queues().contains(queue));
    }

    void addConsumers(Consumers source) {
        consumers.add(source);
    }

    void removeConsumers(Consumers source) {
        consumers.remove(source);
    }

    public Collection<ExchangeSpec> exchanges() {
        return List.copyOf(exchanges.values());
    }

    public Collection<QueueSpec> queues() {
        return List.copyOf(queues.values());
    }

    public Collection<BindingSpec> bindings() {
        return List.copyOf(bindings);
    }

    public List<ConsumerView> consumers() {
        return consumers.stream().map(Consumers::view).toList();
    }
}
