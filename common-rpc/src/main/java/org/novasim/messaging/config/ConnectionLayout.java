package org.novasim.messaging.config;

/** The connections and channels a transport opened by {@link RpcTransports} holds on the broker. */
public enum ConnectionLayout {
    /** One connection: a channel per consumed queue, one to publish. Not what an oslo.messaging process opens. */
    SHARED,
    /**
     * What oslo.messaging 14 opens for a process with one RPC server, calls and a notifier: a connection for the
     * server's consumers, one for its reply queue's, one to send on (its pool's, with one send at a time) and the
     * notification transport's own, each with one channel.
     */
    OSLO
}
