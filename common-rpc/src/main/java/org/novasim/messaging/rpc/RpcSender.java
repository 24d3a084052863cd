package org.novasim.messaging.rpc;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.novasim.messaging.MessageUndeliverable;
import org.novasim.messaging.MessagingException;
import org.novasim.messaging.MessagingTimeout;
import org.novasim.messaging.RemoteError;
import org.novasim.messaging.RequestContext;
import org.novasim.messaging.Target;
import org.novasim.messaging.flow.FlowEvent;
import org.novasim.messaging.flow.FlowEvent.Direction;
import org.novasim.messaging.flow.FlowEvent.Kind;
import org.novasim.messaging.flow.FlowEvent.Outcome;
import org.novasim.messaging.flow.MessageFlowRecorder;
import org.novasim.messaging.trace.RpcSpan;
import org.novasim.messaging.trace.RpcTracing;
import org.novasim.messaging.transport.AmqpTransport;
import org.novasim.messaging.transport.OsloTopology;
import org.novasim.messaging.wire.MalformedMessageException;
import org.novasim.messaging.wire.MessageIds;
import org.novasim.messaging.wire.RpcReply;
import org.novasim.messaging.wire.RpcRequest;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Puts requests on the wire as oslo's AMQP driver does, and waits for replies. Shared by all clients of a process. */
final class RpcSender implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RpcSender.class);

    private final AmqpTransport transport;
    private final OsloTopology topology;
    private final ReplyWaiter replies;
    private final MessageFlowRecorder recorder;
    private final RpcTracing tracing;
    private final LostCasts lostCasts = new LostCasts();
    private final HandedBackCasts handedBack = new HandedBackCasts();

    RpcSender(AmqpTransport transport, OsloTopology topology, ReplyWaiter replies, MessageFlowRecorder recorder,
              RpcTracing tracing) {
        this.transport = transport;
        this.topology = topology;
        this.replies = replies;
        this.recorder = recorder;
        this.tracing = tracing;
        transport.onReturned(this::returned);
    }

    /**
     * Requests are published as mandatory, so the broker hands back one that no queue takes: a call then fails at
     * once with {@link MessageUndeliverable}; a cast (without confirms, whose caller has moved on) is reported.
     * Replies handed back are the {@link ReplyResender}'s.
     */
    private void returned(AmqpTransport.Returned returned) {
        if (returned.exchange().isEmpty()) {
            return; // requests go to named exchanges; what comes back from the default one is a reply
        }
        RpcRequest request;
        try {
            request = RpcRequest.read(returned.body());
        } catch (MalformedMessageException e) {
            log.warn("the broker returned an unreadable message sent to '{}'", returned.routingKey());
            return;
        }
        String named = recorder.label(request.method(), request.args());
        MessageUndeliverable why = new MessageUndeliverable(returned.exchange(), returned.routingKey(), named);
        String requestId = request.context() == null ? null : request.context().requestId();
        recorder.record(FlowEvent.now(Direction.SENT, request.isCall() ? Kind.CALL : Kind.CAST, returned.exchange(),
                returned.routingKey(), null, named, request.msgId(), requestId, null, Outcome.UNROUTABLE,
                why.getMessage()));
        if (request.isCall()) {
            replies.undeliverable(request.msgId(), why);
            return;
        }
        HandedBackCasts.Decision resend = request.uniqueId() == null ? null
                : handedBack.handedBack(request.uniqueId());
        if (resend != null && resend.again()) {
            if (resend.attempt() == 1) {
                log.warn("[{}] cast {} handed back: {}; sending it again until it is taken", requestId,
                        named, why.getMessage());
            }
            Thread.ofVirtual().name("cast-resend").start(() -> sendAgain(returned, resend.pause(), requestId,
                    named));
        } else {
            lostCasts.lost(requestId, named, why);
        }
    }

    /** A handed-back cast, as it was (its {@code _unique_id} too: it reached no queue), after a pause. */
    private void sendAgain(AmqpTransport.Returned returned, Duration pause, String requestId, String method) {
        try {
            Thread.sleep(pause);
            transport.publish(returned.exchange(), returned.routingKey(), true, AmqpTransport.properties(),
                    returned.body());
            log.debug("[{}] cast {} sent again to {}/{}", requestId, method, returned.exchange(), returned.routingKey());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (MessagingException e) {
            log.error("[{}] cast {} was lost: it could not be sent again: {}", requestId, method, e.getMessage());
        }
    }

    /**
     * Lost casts, told at error once per routing key and then at most every {@link #EVERY} with how many more: a
     * topic without a route, cast to by thousands of hosts, would otherwise fill the log with one line each.
     */
    static final class LostCasts {
        static final Duration EVERY = Duration.ofSeconds(30);
        private final java.util.concurrent.ConcurrentMap<String, long[]> byKey =
                new java.util.concurrent.ConcurrentHashMap<>();

        void lost(String requestId, String method, MessageUndeliverable why) {
            long now = System.nanoTime();
            String key = why.getMessage();
            long[] told = byKey.computeIfAbsent(key, k -> new long[] {now - EVERY.toNanos(), 0});
            long more;
            synchronized (told) {
                if (now - told[0] < EVERY.toNanos()) {
                    told[1]++;
                    log.debug("[{}] cast {} was lost: {}", requestId, method, key);
                    return;
                }
                more = told[1];
                told[0] = now;
                told[1] = 0;
            }
            log.error("[{}] cast {} was lost: {}{}", requestId, method, key,
                    more > 0 ? " (and " + more + " more casts so since the last line)" : "");
        }
    }

    /**
     * @param resendFor how long a cast the broker hands back is sent again, or null to report it lost at once: then,
     *                  with confirms, the caller gets {@link MessageUndeliverable}
     */
    void cast(Target target, RequestContext context, String method, ObjectNode args, @Nullable Duration resendFor) {
        Instant sentAt = Instant.now();
        long start = System.nanoTime();
        RpcRequest request = new RpcRequest(method, args, target.namespace(), target.version(), null, null,
                MessageIds.newHex(), context);
        byte[] body = request.toBody();
        String named = recorder.label(method, args);
        String exchange;
        String routingKey;
        Kind kind;
        if (target.fanout()) {
            transport.ensureDeclared(topology.fanoutExchange(target.topic()));
            exchange = OsloTopology.fanoutExchangeName(target.topic());
            routingKey = "";
            kind = Kind.FANOUT;
        } else {
            transport.ensureDeclared(topology.controlExchange(target.exchange()));
            exchange = topology.controlExchangeName(target.exchange());
            routingKey = target.routingKey();
            kind = Kind.CAST;
        }
        RpcSpan span = tracing.send(kind, exchange, routingKey, target.topic(), named, null, requestId(context));
        try {
            if (resendFor != null) {
                handedBack.expect(request.uniqueId(), resendFor);
            }
            // Fanout exchanges route to whoever listens, possibly nobody: that is no loss, so they are not mandatory.
            boolean taken = transport.publish(exchange, routingKey, kind != Kind.FANOUT,
                    span.propagate(AmqpTransport.properties()), body);
            if (!taken && resendFor != null) {
                taken = confirmedUntilTaken(exchange, routingKey, span, body, resendFor, requestId(context), named);
            }
            if (!taken) {
                throw unroutable(sentAt, start, kind, exchange, routingKey, target.topic(), named, null,
                        requestId(context));
            }
        } catch (RuntimeException e) {
            span.failed(e.getClass().getSimpleName());
            throw e;
        } finally {
            span.end();
        }
        log.debug("cast {} to {}/{}", named, exchange, routingKey);
        recorder.record(FlowEvent.at(sentAt, Direction.SENT, kind, exchange, routingKey, target.topic(), named, null,
                requestId(context), millisSince(start), Outcome.SENT, null).withBody(body));
    }

    /**
     * With confirms, a handed-back cast is known at once: it is published again here, each pause twice the last,
     * until it is taken or {@code resendFor} has passed.
     */
    private boolean confirmedUntilTaken(String exchange, String routingKey, RpcSpan span, byte[] body,
                                        Duration resendFor, String requestId, String method) {
        long deadline = System.nanoTime() + resendFor.toNanos();
        log.warn("[{}] cast {} handed back: no queue is bound to '{}' on '{}'; sending it again until it is taken",
                requestId, method, routingKey, exchange);
        for (Duration pause = RpcClient.FIRST_RESEND_PAUSE; deadline - System.nanoTime() > pause.toNanos();
             pause = RpcClient.nextResendPause(pause)) {
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            if (transport.publish(exchange, routingKey, true, span.propagate(AmqpTransport.properties()), body)) {
                return true;
            }
        }
        return false;
    }

    JsonNode call(Target target, RequestContext context, String method, ObjectNode args, Duration timeout) {
        Instant sentAt = Instant.now();
        long start = System.nanoTime();
        String msgId = MessageIds.newHex();
        String replyQueue = replies.replyQueue();
        RpcRequest request = new RpcRequest(method, args, target.namespace(), target.version(), msgId, replyQueue,
                MessageIds.newHex(), context);
        byte[] body = request.toBody();
        String named = recorder.label(method, args);
        transport.ensureDeclared(topology.controlExchange(target.exchange()));
        String exchange = topology.controlExchangeName(target.exchange());
        String requestId = requestId(context);
        RpcSpan span = tracing.send(Kind.CALL, exchange, target.routingKey(), target.topic(), named, msgId, requestId);
        try {
            return awaitReply(target, named, timeout, sentAt, start, msgId, replyQueue, body, exchange, requestId, span);
        } catch (RuntimeException e) {
            span.failed(e instanceof RemoteError remote ? remote.excType() : e.getClass().getSimpleName());
            throw e;
        } finally {
            span.end();
        }
    }

    private JsonNode awaitReply(Target target, String method, Duration timeout, Instant sentAt, long start,
                                String msgId, String replyQueue, byte[] body, String exchange, String requestId,
                                RpcSpan span) {
        ReplyWaiter.PendingCall pending = replies.expect(msgId, target, method, requestId);
        try {
            if (!transport.publish(exchange, target.routingKey(), true,
                    span.propagate(transport.callProperties(timeout.toMillis())), body)) {
                throw unroutable(sentAt, start, Kind.CALL, exchange, target.routingKey(), target.topic(), method, msgId,
                        requestId);
            }
        } catch (RuntimeException e) {
            replies.giveUp(msgId);
            throw e;
        }
        log.debug("call {} to {}/{} msg_id={}", method, exchange, target.routingKey(), msgId);
        recorder.record(FlowEvent.at(sentAt, Direction.SENT, Kind.CALL, exchange, target.routingKey(), target.topic(),
                method, msgId, requestId, null, Outcome.SENT, null).withBody(body));
        RpcReply reply;
        try {
            reply = pending.reply().get(Math.max(0, timeout.toNanos() - (System.nanoTime() - start)), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            replies.giveUp(msgId);
            recorder.record(FlowEvent.now(Direction.SENT, Kind.CALL, exchange, target.routingKey(), target.topic(),
                    method, msgId, requestId, millisSince(start), Outcome.TIMED_OUT, "no reply in " + timeout));
            // The reply queue may be gone: a node lost under it while this process was connected to another leaves
            // no reconnect to set off the checks.
            transport.assertTopologySoon("a call to " + target + " got no reply in " + timeout);
            throw new MessagingTimeout(msgId, target, method, timeout);
        } catch (InterruptedException e) {
            replies.giveUp(msgId);
            Thread.currentThread().interrupt();
            throw new MessagingException("interrupted while waiting for a reply to " + msgId, e);
        } catch (ExecutionException e) {
            replies.giveUp(msgId);
            if (e.getCause() instanceof MessagingException failure) {
                throw failure;
            }
            throw new MessagingException("call " + msgId + " failed: " + e.getCause(), e.getCause());
        }
        Outcome outcome = reply.failure() == null ? Outcome.REPLIED : Outcome.FAILED;
        recorder.record(FlowEvent.now(Direction.RECEIVED, Kind.REPLY, "", replyQueue, target.topic(), method, msgId,
                requestId, millisSince(start), outcome, reply.failure() == null ? null : reply.failure().className()));
        if (reply.failure() != null) {
            throw reply.failure().toRemoteError();
        }
        return reply.result();
    }

    /** A request the broker handed back before confirming it: recorded, and raised to its caller. */
    private MessageUndeliverable unroutable(Instant sentAt, long start, Kind kind, String exchange, String routingKey,
                                           String topic, String method, String msgId, String requestId) {
        MessageUndeliverable why = new MessageUndeliverable(exchange, routingKey, method);
        recorder.record(FlowEvent.at(sentAt, Direction.SENT, kind, exchange, routingKey, topic, method, msgId,
                requestId, millisSince(start), Outcome.UNROUTABLE, why.getMessage()));
        return why;
    }

    private static String requestId(RequestContext context) {
        return context == null ? null : context.requestId();
    }

    private static double millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000.0;
    }

    @Override
    public void close() {
        replies.close();
    }
}
