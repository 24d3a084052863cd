package org.novasim.messaging.transport;

/** How a listener's queues share channels. */
public enum ChannelLayout {
    /** A channel per queue: a busy process's queues do not share one channel process on the broker. */
    CHANNEL_PER_QUEUE,
    /** All on one channel, as oslo.messaging's listeners consume on their connection's one channel. */
    ONE_CHANNEL
}
