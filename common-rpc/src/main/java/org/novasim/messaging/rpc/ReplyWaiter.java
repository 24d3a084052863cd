package org.novasim.messaging.rpc;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.core.Message;

import org.novasim.messaging.MessagingException;
import org.novasim.messaging.Target;
import org.novasim.messaging.flow.FlowEvent;
import org.novasim.messaging.flow.MessageFlowRecorder;
import org.novasim.messaging.transport.AmqpTransport;
import org.novasim.messaging.transport.OsloTopology;
import org.novasim.messaging.transport.QueueSpec;
import org.novasim.messaging.transport.Subscription;
import org.novasim.messaging.wire.MalformedMessageException;
import org.novasim.messaging.wire.RpcReply;

/**
 * The process's one reply queue ({@code reply_<hex>}, declared on the first call as oslo does) and the calls
 * waiting on it, matched by {@code _msg_id}. A reply nobody waits for any more is counted as late and dropped.
 */
final class ReplyWaiter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReplyWaiter.class);

    record PendingCall(CompletableFuture<RpcReply> reply, Target target, String method, String requestId, long startNanos) {
    }

    private final AmqpTransport transport;
    private final OsloTopology topology;
    private final MessageFlowRecorder recorder;
    private final Map<String, PendingCall> pending = new ConcurrentHashMap<>();
    private volatile QueueSpec queue;
    private Subscription subscription;

    ReplyWaiter(AmqpTransport transport, OsloTopology topology, MessageFlowRecorder recorder) {
        this.transport = transport;
        this.topology = topology;
        this.recorder = recorder;
    }

    String replyQueue() {
        QueueSpec q = queue;
        if (q == null) {
            synchronized (this) {
                q = queue;
                if (q == null) {
                    q = topology.replyQueue();
                    transport.declare(q);
                    // Replies are ours alone and worthless once the caller is gone: no acks needed.
                    subscription = transport.listen("rpc-replies", java.util.List.of(q.name()), this::onReply,
                            AcknowledgeMode.NONE, 0);
                    queue = q;
                    log.info("listening for replies on {}", q.name());
                }
            }
        }
        return q.name();
    }

    PendingCall expect(String msgId, Target target, String method, String requestId) {
        PendingCall call = new PendingCall(new CompletableFuture<>(), target, method, requestId, System.nanoTime());
        pending.put(msgId, call);
        return call;
    }

    void giveUp(String msgId) {
        pending.remove(msgId);
    }

    /** The broker handed the call back: its caller learns why at once rather than at its timeout. */
    void undeliverable(String msgId, MessagingException why) {
        PendingCall call = pending.remove(msgId);
        if (call != null) {
            call.reply().completeExceptionally(why);
        }
    }

    private void onReply(Message message) {
        String replyQueue = message.getMessageProperties().getConsumerQueue();
        RpcReply reply;
        try {
            reply = RpcReply.read(message.getBody());
        } catch (MalformedMessageException e) {
            log.warn("dropped an unreadable reply on {}: {}", replyQueue, e.getMessage());
            recorder.record(FlowEvent.now(FlowEvent.Direction.RECEIVED, FlowEvent.Kind.REPLY, "", replyQueue, null,
                    null, null, null, null, FlowEvent.Outcome.MALFORMED, e.reason()));
            return;
        }
        if (!reply.ending()) {
            return; // the server's call-monitor heartbeat: the call is still being worked on
        }
        PendingCall call = pending.remove(reply.msgId());
        if (call == null) {
            log.debug("No calling threads waiting for msg_id : {}", reply.msgId());
            recorder.record(FlowEvent.now(FlowEvent.Direction.RECEIVED, FlowEvent.Kind.REPLY, "", replyQueue, null,
                    null, reply.msgId(), null, null, FlowEvent.Outcome.LATE, "reply came after the caller gave up"));
            return;
        }
        call.reply().complete(reply);
    }

    @Override
    public synchronized void close() {
        if (subscription != null) {
            subscription.close();
            subscription = null;
            // The queue is this process's alone: nothing would read it again before it expires, unless the queue
            // manager named it, and the service declares the same name when it comes back.
            transport.forget(queue, topology.deletesReplyQueueOnStop());
            queue = null;
        }
        pending.values().forEach(c -> c.reply().cancel(false));
    }
}
