package org.novasim.messaging.flow;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Micrometer meters for the message flow:
 * <ul>
 * <li>{@code rpc.client.calls}: round trip of calls, tags topic, method, outcome (replied, failed, timed_out)</li>
 * <li>{@code rpc.client.casts}: time to hand a cast or fanout cast to the broker, tags topic, method, outcome</li>
 * <li>{@code rpc.server.requests}: time to handle a request, tags topic, method, kind (call, cast, fanout), outcome</li>
 * <li>{@code rpc.messages.rejected}: malformed, duplicate, late and unroutable messages, tags topic, reason</li>
 * <li>{@code rpc.notifications.sent}: notifications sent, tags topic and outcome</li>
 * </ul>
 * Meters are looked up once per tag combination and cached.
 */
public final class RpcMetrics implements FlowListener {

    private record Key(String name, String topic, String method, String kind, String outcome) {
    }

    /** Tag values, lower-cased once rather than on every message. */
    private static final String[] OUTCOMES = lowerCaseNames(FlowEvent.Outcome.values());
    private static final String[] KINDS = lowerCaseNames(FlowEvent.Kind.values());

    private static String[] lowerCaseNames(Enum<?>[] values) {
        String[] names = new String[values.length];
        for (Enum<?> v : values) {
            names[v.ordinal()] = v.name().toLowerCase();
        }
        return names;
    }

    private final MeterRegistry registry;
    private final Map<Key, Timer> timers = new ConcurrentHashMap<>();
    private final Map<Key, Counter> counters = new ConcurrentHashMap<>();

    public RpcMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void onEvent(FlowEvent e) {
        String outcome = OUTCOMES[e.outcome().ordinal()];
        String topic = String.valueOf(e.topic());
        String method = String.valueOf(e.method());
        String kind = KINDS[e.kind().ordinal()];
        boolean sent = e.direction() == FlowEvent.Direction.SENT;
        switch (e.outcome()) {
            case MALFORMED, DUPLICATE, LATE, UNROUTABLE -> counter(new Key("rpc.messages.rejected", topic, null, null, outcome)).increment();
            default -> {
                switch (e.kind()) {
                    case NOTIFICATION -> counter(new Key("rpc.notifications.sent", topic, null, null, outcome)).increment();
                    // A call ends either with its reply coming back or with its timeout.
                    case REPLY -> {
                        if (!sent) {
                            time(new Key("rpc.client.calls", topic, method, null, outcome), e);
                        }
                    }
                    case CALL -> time(new Key(sent ? "rpc.client.calls" : "rpc.server.requests", topic, method,
                            sent ? null : kind, outcome), e);
                    case CAST, FANOUT -> time(new Key(sent ? "rpc.client.casts" : "rpc.server.requests", topic, method,
                            kind, outcome), e);
                }
            }
        }
    }

    private void time(Key key, FlowEvent e) {
        if (e.durationMs() == null) {
            return;
        }
        timers.computeIfAbsent(key, k -> {
            Timer.Builder b = Timer.builder(k.name()).tag("topic", k.topic()).tag("method", k.method()).tag("outcome", k.outcome());
            if (k.kind() != null) {
                b.tag("kind", k.kind());
            }
            return b.publishPercentileHistogram(false).register(registry);
        }).record((long) (e.durationMs() * 1_000_000), TimeUnit.NANOSECONDS);
    }

    private Counter counter(Key key) {
        return counters.computeIfAbsent(key, k -> Counter.builder(k.name()).tag("topic", k.topic())
                .tag(k.name().equals("rpc.messages.rejected") ? "reason" : "outcome", k.outcome()).register(registry));
    }
}
