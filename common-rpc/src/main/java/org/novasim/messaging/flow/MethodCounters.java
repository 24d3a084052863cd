package org.novasim.messaging.flow;

import java.util.concurrent.atomic.LongAdder;

/** What happened to the messages of one topic and method, as the {@code rpc} endpoint shows it. */
final class MethodCounters {

    final LongAdder sent = new LongAdder();
    final LongAdder sentBytes = new LongAdder();
    final LongAdder received = new LongAdder();
    final LongAdder replied = new LongAdder();
    final LongAdder failed = new LongAdder();
    final LongAdder timedOut = new LongAdder();
    final LongAdder duplicates = new LongAdder();
    final LongAdder malformed = new LongAdder();
    final LongAdder late = new LongAdder();

    void count(FlowEvent e) {
        switch (e.outcome()) {
            case SENT -> {
                if (e.kind() == FlowEvent.Kind.REPLY) {
                    replied.increment();
                } else {
                    sent.increment();
                    if (e.body() != null) {
                        sentBytes.add(e.body().length);
                    }
                }
            }
            case HANDLED -> received.increment();
            case REPLIED -> replied.increment();
            case FAILED -> {
                if (e.direction() == FlowEvent.Direction.RECEIVED && e.kind() != FlowEvent.Kind.REPLY) {
                    received.increment();
                }
                failed.increment();
            }
            case TIMED_OUT -> timedOut.increment();
            case DUPLICATE -> duplicates.increment();
            case MALFORMED -> malformed.increment();
            case LATE -> late.increment();
            case UNROUTABLE -> failed.increment();
        }
    }

    MethodCountersView view(String topic, String method) {
        return new MethodCountersView(topic, method, sent.sum(), sentBytes.sum(), received.sum(), replied.sum(),
                failed.sum(), timedOut.sum(), duplicates.sum(), malformed.sum(), late.sum());
    }
}
