package org.novasim.messaging.rpc;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.amqp.core.Message;

import org.novasim.messaging.RequestContext;
import org.novasim.messaging.Target;
import org.novasim.messaging.config.RpcProperties;
import org.novasim.messaging.flow.FlowEvent;
import org.novasim.messaging.flow.FlowEvent.Direction;
import org.novasim.messaging.flow.FlowEvent.Kind;
import org.novasim.messaging.flow.FlowEvent.Outcome;
import org.novasim.messaging.flow.MessageFlowRecorder;
import org.novasim.messaging.trace.RpcSpan;
import org.novasim.messaging.trace.RpcTracing;
import org.novasim.messaging.transport.AmqpTransport;
import org.novasim.messaging.transport.BindingSpec;
import org.novasim.messaging.transport.Delivery;
import org.novasim.messaging.transport.ExchangeSpec;
import org.novasim.messaging.transport.OsloTopology;
import org.novasim.messaging.transport.QueueSpec;
import org.novasim.messaging.transport.Subscription;
import org.novasim.messaging.wire.MalformedMessageException;
import org.novasim.messaging.wire.RpcReply;
import org.novasim.messaging.wire.RpcRequest;

/**
 * An RPC server as oslo.messaging runs one: it consumes {@code <topic>}, {@code <topic>.<server>} and its own queue
 * on {@code <topic>_fanout}, and hands each request to the dispatcher on a worker.
 * <p>
 * Acknowledgement: like oslo.messaging, a request is acknowledged once it is received and handed to a worker, not
 * after it is handled (at most once): a request is never handled twice because a slow endpoint outlived a
 * redelivery. Malformed messages are set aside on the dead-letter queue and acknowledged.
 */
public final class RpcServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RpcServer.class);

    private final Target target;
    private final RpcDispatcher dispatcher;
    private final AmqpTransport transport;
    private final OsloTopology topology;
    private final MessageFlowRecorder recorder;
    private final RpcProperties properties;
    private final ExecutorService workers;
    private final Semaphore inFlight;
    private final DuplicateFilter duplicates;
    private final DeadLetters deadLetters;
    private final ReplyResender replyResender;
    private final RpcTracing tracing;
    private QueueSpec topicQueue;
    private QueueSpec serverQueue;
    private QueueSpec fanoutQueue;
    private Subscription subscription;
    /** The stream fanout's consumer, apart from the others; null without stream fanout. */
    private Subscription fanoutSubscription;

    RpcServer(Target target, RpcDispatcher dispatcher, AmqpTransport transport, OsloTopology topology,
              MessageFlowRecorder recorder, RpcProperties properties, ExecutorService workers,
              ReplyResender replyResender, RpcTracing tracing) {
        if (target.topic() == null || target.server() == null) {
            throw new org.novasim.messaging.InvalidTarget("A server's target must have topic and server names specified", target);
        }
        this.target = target;
        this.dispatcher = dispatcher;
        this.transport = transport;
        this.topology = topology;
        this.recorder = recorder;
        this.properties = properties;
        this.workers = workers;
        this.inFlight = new Semaphore(properties.executorThreadPoolSize());
        this.duplicates = new DuplicateFilter(properties.duplicateCacheSize());
        this.deadLetters = new DeadLetters(transport, topology);
        this.replyResender = replyResender;
        this.tracing = tracing;
    }

    public Target target() {
        return target;
    }

    synchronized void start() {
        ExchangeSpec exchange = topology.controlExchange(target.exchange());
        topicQueue = topology.topicQueue(target.topic());
        serverQueue = topology.topicQueue(target.routingKey());
        fanoutQueue = topology.fanoutQueue(target.topic());
        transport.declare(exchange);
        transport.declare(topicQueue);
        transport.declare(new BindingSpec(topicQueue.name(), exchange.name(), topicQueue.name()));
        transport.declare(serverQueue);
        transport.declare(new BindingSpec(serverQueue.name(), exchange.name(), serverQueue.name()));
        transport.declare(topology.fanoutExchange(target.topic()));
        transport.declare(fanoutQueue);
        transport.declare(new BindingSpec(fanoutQueue.name(), OsloTopology.fanoutExchangeName(target.topic()), target.topic()));
        if (topology.isStream(fanoutQueue)) {
            // Its own consumer: only a stream's takes an offset.
            subscription = transport.listenAcking("rpc-server-" + target.routingKey(),
                    List.of(topicQueue.name(), serverQueue.name()), this::onDelivery, properties.prefetchCount());
            fanoutSubscription = transport.listenToStream("rpc-server-" + target.routingKey() + "-fanout",
                    fanoutQueue.name(), this::onDelivery, properties.prefetchCount());
        } else {
            subscription = transport.listenAcking("rpc-server-" + target.routingKey(),
                    List.of(topicQueue.name(), serverQueue.name(), fanoutQueue.name()), this::onDelivery,
                    properties.prefetchCount());
        }
        log.info("RPC server listening on {} (queues {}, {}, {})", target, topicQueue.name(), serverQueue.name(),
                fanoutQueue.name());
    }

    /**
     * On the connection's reader thread, which must not wait: a request goes to a worker at once, and is acknowledged
     * when it is handed over if a worker is free, else by the worker once one is (unacknowledged, the prefetch holds
     * the rest back on the broker). Setting a malformed message aside publishes, so a worker does that too.
     */
    private void onDelivery(Delivery delivery) {
        Message message = delivery.message();
        String queue = message.getMessageProperties().getConsumerQueue();
        String exchange = message.getMessageProperties().getReceivedExchange();
        String routingKey = message.getMessageProperties().getReceivedRoutingKey();
        RpcRequest request;
        try {
            request = RpcRequest.read(message.getBody());
        } catch (MalformedMessageException e) {
            log.warn("set aside a malformed message from {} ({} bytes): {}", queue, message.getBody().length, e.getMessage());
            recorder.record(FlowEvent.now(Direction.RECEIVED, Kind.CAST, exchange, routingKey, target.topic(), null,
                    null, null, null, Outcome.MALFORMED, e.getMessage()));
            handOver(delivery, () -> {
                deadLetters.setAside(message, e.reason());
                delivery.ack();
            });
            return;
        }
        Kind kind = request.isCall() ? Kind.CALL : queue != null && queue.equals(fanoutQueue.name()) ? Kind.FANOUT : Kind.CAST;
        String requestId = request.context().requestId();
        if (!duplicates.firstTime(request.uniqueId())) {
            String named = recorder.label(request.method(), request.args());
            log.info("[{}] ignoring duplicate message {} ({})", requestId, request.uniqueId(), named);
            recorder.record(FlowEvent.now(Direction.RECEIVED, kind, exchange, routingKey, target.topic(),
                    named, request.msgId(), requestId, null, Outcome.DUPLICATE, request.uniqueId()));
            delivery.ack();
            return;
        }
        Instant receivedAt = Instant.now();
        long received = System.nanoTime();
        if (inFlight.tryAcquire()) {
            if (handOver(delivery, () -> handle(request, message, kind, exchange, routingKey, receivedAt, received))) {
                delivery.ack();
            } else {
                inFlight.release();
            }
            return;
        }
        handOver(delivery, () -> {
            try {
                inFlight.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                delivery.reject(true); // stopping: for another server of the topic
                return;
            }
            delivery.ack();
            handle(request, message, kind, exchange, routingKey, receivedAt, received);
        });
    }

    /** @return false if the workers are gone (the service is stopping): the message goes back for another server */
    private boolean handOver(Delivery delivery, Runnable work) {
        try {
            workers.execute(work);
            return true;
        } catch (RejectedExecutionException e) {
            delivery.reject(true);
            return false;
        }
    }

    private void handle(RpcRequest request, Message message, Kind kind, String exchange, String routingKey,
                        Instant receivedAt, long received) {
        String requestId = request.context().requestId();
        String named = recorder.label(request.method(), request.args());
        MDC.put(RequestContext.MDC_KEY, requestId == null ? "-" : requestId);
        RpcSpan span = tracing.handle(message.getMessageProperties().getHeaders(), kind, exchange, routingKey,
                target.topic(), named, request.msgId(), requestId);
        try (RpcSpan.Scope scope = span.inScope()) {
            if (log.isDebugEnabled()) {
                log.debug("handling {} {} msg_id={}", kind.name().toLowerCase(), named, request.msgId());
            }
            RpcDispatcher.Outcome outcome = dispatcher.dispatch(request);
            if (outcome.failure() != null) {
                span.failed(outcome.failure().className());
                log.warn("{} failed: {}: {}", named, outcome.failure().className(), outcome.failure().message());
                log.debug("{} failed", named, outcome.error());
            }
            // A cast no endpoint can take has no caller to tell: it is set aside, like a malformed message.
            boolean undeliverable = !request.isCall() && outcome.error() instanceof DispatchFailure;
            recorder.record(FlowEvent.at(receivedAt, Direction.RECEIVED, kind, exchange, routingKey, target.topic(),
                    named, request.msgId(), requestId, (System.nanoTime() - received) / 1_000_000.0,
                    outcome.failure() == null ? Outcome.HANDLED : undeliverable ? Outcome.MALFORMED : Outcome.FAILED,
                    outcome.failure() == null ? null : outcome.failure().className()).withBody(message.getBody()));
            if (request.isCall()) {
                reply(request, named, outcome);
            } else if (undeliverable) {
                DispatchFailure failure = (DispatchFailure) outcome.error();
                deadLetters.setAside(message, failure.reason(), failure.getMessage());
            }
        } catch (RuntimeException e) {
            span.failed(e.getClass().getSimpleName());
            log.error("could not handle {}: {}", named, e.toString(), e);
        } finally {
            span.end();
            MDC.remove(RequestContext.MDC_KEY);
            inFlight.release();
        }
    }

    private void reply(RpcRequest request, String named, RpcDispatcher.Outcome outcome) {
        RpcReply reply = outcome.failure() == null ? RpcReply.result(request.msgId(), outcome.result())
                : RpcReply.failure(request.msgId(), outcome.failure());
        Instant sentAt = Instant.now();
        // Mandatory, as oslo sends replies: a vanished reply queue is reported by the broker, not silently dropped.
        byte[] body = reply.toBody();
        RpcSpan span = tracing.send(Kind.REPLY, "", request.replyQueue(), target.topic(), named,
                request.msgId(), request.context().requestId());
        try {
            if (!transport.publish("", request.replyQueue(), true, AmqpTransport.properties(), body)) {
                replyResender.accept(new AmqpTransport.Returned("", request.replyQueue(), body));
            }
        } finally {
            span.end();
        }
        recorder.record(FlowEvent.at(sentAt, Direction.SENT, Kind.REPLY, "", request.replyQueue(), target.topic(),
                named, request.msgId(), request.context().requestId(), null, Outcome.SENT, null).withBody(body));
    }

    @Override
    public synchronized void close() {
        if (subscription != null) {
            // The shared queues are forgotten first, so that no re-declaration while the consumers stop brings them
            // back; they stay on the broker for the topic's other servers. This server's own fanout queue goes, unless
            // it is the topic's stream or a queue manager's that the service finds again when it comes back; it goes
            // after its consumer, since the broker cancels the consumer of a deleted queue as if it were lost.
            transport.forget(topicQueue, false);
            transport.forget(serverQueue, false);
            subscription.close();
            subscription = null;
            if (fanoutSubscription != null) {
                fanoutSubscription.close();
                fanoutSubscription = null;
            }
            transport.forget(fanoutQueue, topology.deletesFanoutQueueOnStop());
            log.info("RPC server on {} stopped", target);
        }
    }
}
