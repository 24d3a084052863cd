package org.novasim.messaging.transport;

import java.util.Map;

/**
 * A queue as declared on the broker; flags and arguments must match every other declarer's exactly. An exclusive
 * queue belongs to the connection that declared it and goes with it.
 */
public record QueueSpec(String name, boolean durable, boolean exclusive, boolean autoDelete,
                        Map<String, Object> arguments) {

    public QueueSpec {
        arguments = Map.copyOf(arguments);
    }

    /** A queue any connection may use, as all of oslo's are. */
    public QueueSpec(String name, boolean durable, boolean autoDelete, Map<String, Object> arguments) {
        this(name, durable, false, autoDelete, arguments);
    }

    /** Its {@code x-queue-type}: {@code classic} unless an argument says otherwise. */
    public String type() {
        return String.valueOf(arguments.getOrDefault("x-queue-type", "classic"));
    }
}
