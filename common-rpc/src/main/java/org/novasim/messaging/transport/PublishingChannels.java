package org.novasim.messaging.transport;

import java.io.IOException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.connection.RabbitUtils;
import org.springframework.amqp.rabbit.support.RabbitExceptionTranslator;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ShutdownSignalException;

/**
 * A few channels kept for publishing, so that a publish takes a lock rather than checking a channel out of the
 * connection factory's cache and back in (two locks, a list scan and reflective calls each way). A thread always
 * publishes on the same one, so its messages keep their order; threads spread over them, so that concurrent
 * publishers (and the broker's channel processes) do not queue behind one. A channel found closed (the connection
 * went, or the broker closed it after an error) is given back to the cache and another taken on the next publish.
 */
final class PublishingChannels {

    /** What to do on a channel held alone, the returned value passed back. */
    @FunctionalInterface
    interface Use<T> {
        T on(Channel channel) throws IOException;
    }

    private final ConnectionFactory connectionFactory;
    private final UnaryOperator<Channel> onNewChannel;
    private final Slot[] slots;

    /**
     * @param onNewChannel called with each channel taken (the bare one under the cache's proxy); returns it
     */
    PublishingChannels(ConnectionFactory connectionFactory, int count, UnaryOperator<Channel> onNewChannel) {
        this.connectionFactory = connectionFactory;
        this.onNewChannel = onNewChannel;
        this.slots = new Slot[count];
        for (int i = 0; i < count; i++) {
            slots[i] = new Slot();
        }
    }

    /**
     * Runs {@code use} on this thread's channel, which nobody else uses meanwhile.
     *
     * @throws org.springframework.amqp.AmqpException as Spring AMQP translates the client's failures (a connection
     *                                                that cannot be made or was lost, an I/O error)
     */
    <T> T with(Use<T> use) {
        Slot slot = slots[(int) Math.floorMod(Thread.currentThread().threadId(), (long) slots.length)];
        slot.lock.lock();
        try {
            return use.on(slot.open());
        } catch (IOException | RuntimeException e) {
            throw RabbitExceptionTranslator.convertRabbitAccessException(e);
        } finally {
            slot.lock.unlock();
        }
    }

    /**
     * Runs {@code use} on a new channel that nobody else uses, closed afterwards (the channel itself, so that the
     * cache does not lend it again).
     */
    <T> T withOwn(Use<T> use) {
        Channel proxy = connectionFactory.createConnection().createChannel(false);
        Channel bare = onNewChannel.apply(BareChannel.of(proxy));
        try {
            return use.on(bare);
        } catch (IOException | ShutdownSignalException e) {
            throw RabbitExceptionTranslator.convertRabbitAccessException(e);
        } finally {
            RabbitUtils.closeChannel(bare);
            RabbitUtils.closeChannel(proxy);
        }
    }

    private final class Slot {
        private final ReentrantLock lock = new ReentrantLock();
        private Channel proxy;
        private Channel bare;

        /** Guarded by {@link #lock}. */
        Channel open() {
            if (bare != null && bare.isOpen()) {
                return bare;
            }
            if (proxy != null) {
                RabbitUtils.closeChannel(proxy); // the cache drops a closed channel
                proxy = null;
                bare = null;
            }
            Channel taken = connectionFactory.createConnection().createChannel(false);
            proxy = taken;
            bare = onNewChannel.apply(BareChannel.of(taken));
            return bare;
        }
    }
}
