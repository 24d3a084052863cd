package org.novasim.messaging.flow;

import tools.jackson.databind.JsonNode;

/**
 * What the flow, the counters, the metrics and the traces call a message: its RPC method, or a finer name that the
 * project on top knows from the arguments (Nova's {@code object_action} is {@code Instance.save}). The wire keeps the
 * method; only the records are named. Called for every message: it must be cheap and must not fail.
 */
@FunctionalInterface
public interface MethodLabels {

    /** The method as it is on the wire. */
    MethodLabels METHOD = (method, args) -> method;

    /** @param args the message's arguments as they travel, never null */
    String label(String method, JsonNode args);
}
