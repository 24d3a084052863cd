package org.novasim.messaging.transport;

import org.springframework.amqp.rabbit.connection.ChannelProxy;

import com.rabbitmq.client.Channel;

/** The client's own channel under a channel lent by Spring's cache, so that it is called directly, not reflectively. */
final class BareChannel {

    private BareChannel() {
    }

    /** @return the channel the cache's proxy wraps, or the one given if it is not a proxy (or wraps none yet) */
    static Channel of(Channel fromCache) {
        Channel target = fromCache instanceof ChannelProxy proxy ? proxy.getTargetChannel() : null;
        return target == null ? fromCache : target;
    }
}
