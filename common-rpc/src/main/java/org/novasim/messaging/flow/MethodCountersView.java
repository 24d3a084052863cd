package org.novasim.messaging.flow;

/**
 * Counts for one topic and method.
 *
 * @param sent      calls and casts this process sent
 * @param sentBytes their bodies' bytes, oslo's envelope included, as they went on the wire
 * @param received  requests this process handled (successfully or not)
 * @param replied   replies this process sent as a server, and results its calls got back as a client
 * @param failed    requests whose endpoint raised, and calls of ours that got a remote error
 * @param timedOut  calls of ours that got no reply in time
 * @param late      replies that came after their caller gave up
 */
public record MethodCountersView(String topic, String method, long sent, long sentBytes, long received, long replied,
                                 long failed, long timedOut, long duplicates, long malformed, long late) {

    /** The order counters are shown in: by topic, then method. */
    public static final java.util.Comparator<MethodCountersView> BY_TOPIC_AND_METHOD = java.util.Comparator
            .comparing((MethodCountersView v) -> String.valueOf(v.topic())).thenComparing(v -> String.valueOf(v.method()));
}
