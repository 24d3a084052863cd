package org.novasim.messaging.flow;

import java.util.List;

import org.jspecify.annotations.Nullable;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One message on the flow exchange: records of one process, in the order it recorded them.
 *
 * @param source  this run of the process (a random id), so that a collector tells restarts and replicas apart
 * @param service the process's application name
 * @param records the records; {@code seq} counts every record the process saw, so gaps are records dropped on the way
 */
public record FlowBatch(String source, String service, List<Entry> records) {

    /**
     * @param host     the server that sent or handled the message
     * @param instance the server (instance uuid) the message is about, else null
     * @param envelope the body with secrets left out, else null
     */
    public record Entry(long seq, String host, @Nullable String instance, FlowEvent event,
                        @Nullable ObjectNode envelope) {
    }

    /** The wire's own mapper: camel case as the records name their fields, unknown fields ignored. */
    static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(tools.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
}
