package org.novasim.messaging.trace;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code nova.rpc.tracing.*}, read when a tracer is configured.
 *
 * @param newTraces whether a message sent, or handled, outside any trace (heartbeats, periodic reports, requests from
 *                  peers that send no trace context) starts a trace of its own; off, only requests that are part of
 *                  a trace (an API request's) are traced
 */
@ConfigurationProperties("nova.rpc.tracing")
public record RpcTracingProperties(@DefaultValue("false") boolean newTraces) {
}
