package org.novasim.messaging.transport;

import java.util.Map;

/** A queue as declared on the broker; flags and arguments must match every other declarer's exactly. */
public record QueueSpec(String name, boolean durable, boolean autoDelete, Map<String, Object> arguments) {

    public QueueSpec {
        arguments = Map.copyOf(arguments);
    }
}
