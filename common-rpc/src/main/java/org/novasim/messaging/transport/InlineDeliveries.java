package org.novasim.messaging.transport;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The executor amqp-client hands a connection's deliveries to, running each on the thread that submits it: the
 * thread that reads the connection's socket. A delivery then reaches its listener without a wake-up of another
 * thread, which on a sequential call is two of the five thread hand-offs between request and reply (request to the
 * server's listener, reply to the caller's waiter).
 * <p>
 * The price is a rule every listener on such a connection keeps: never wait on the broker, or on anything that
 * waits on it (a call's reply, a publisher confirm, a declaration, a lock held by a thread that does). The reader
 * thread is the one that would bring the answer. The messaging layer's own listeners only parse, record and hand
 * work to their executor; {@link QueueListener} keeps its own waiting off this thread.
 */
final class InlineDeliveries extends AbstractExecutorService {

    static final InlineDeliveries INSTANCE = new InlineDeliveries();

    private InlineDeliveries() {
    }

    @Override
    public void execute(Runnable task) {
        task.run();
    }

    /** Shared by every connection of the process and never stopped: there is nothing to stop. */
    @Override
    public void shutdown() {
    }

    @Override
    public List<Runnable> shutdownNow() {
        return List.of();
    }

    @Override
    public boolean isShutdown() {
        return false;
    }

    @Override
    public boolean isTerminated() {
        return false;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return true;
    }
}
