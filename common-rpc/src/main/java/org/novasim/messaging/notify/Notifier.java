package org.novasim.messaging.notify;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.novasim.messaging.RequestContext;
import org.novasim.messaging.flow.FlowEvent;
import org.novasim.messaging.flow.MessageFlowRecorder;
import org.novasim.messaging.transport.AmqpTransport;
import org.novasim.messaging.transport.BindingSpec;
import org.novasim.messaging.transport.ExchangeSpec;
import org.novasim.messaging.transport.OsloTopology;
import org.novasim.messaging.transport.QueueSpec;
import org.novasim.messaging.wire.ContextKeys;
import org.novasim.messaging.wire.Envelope;
import org.novasim.messaging.wire.MessageIds;
import org.novasim.messaging.wire.OsloJson;

import tools.jackson.databind.node.ObjectNode;

/**
 * oslo.messaging's {@code Notifier} with the {@code messagingv2} driver: each notification goes to the control
 * exchange with routing key {@code <topic>.<priority>}, and the queue of that name is declared by the sender so
 * notifications wait for listeners that start later. {@code noop} sends nothing.
 */
public final class Notifier {

    private static final Logger log = LoggerFactory.getLogger(Notifier.class);
    private static final DateTimeFormatter PYTHON_UTCNOW = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

    private final AmqpTransport transport;
    private final OsloTopology topology;
    private final MessageFlowRecorder recorder;
    private final List<String> topics;
    private final boolean enabled;
    private final String publisherId;
    private final Set<String> declaredQueues;

    public Notifier(AmqpTransport transport, OsloTopology topology, MessageFlowRecorder recorder, String driver,
                    List<String> topics, String publisherId) {
        this(transport, topology, recorder, topics, !"noop".equals(driver), publisherId, ConcurrentHashMap.newKeySet());
    }

    private Notifier(AmqpTransport transport, OsloTopology topology, MessageFlowRecorder recorder, List<String> topics,
                     boolean enabled, String publisherId, Set<String> declaredQueues) {
        this.transport = transport;
        this.topology = topology;
        this.recorder = recorder;
        this.topics = List.copyOf(topics);
        this.enabled = enabled;
        this.publisherId = publisherId;
        this.declaredQueues = declaredQueues;
    }

    /** A notifier that signs its notifications with another publisher id, e.g. {@code nova-compute:host1}. */
    public Notifier prepare(String publisherId) {
        return new Notifier(transport, topology, recorder, topics, enabled, publisherId, declaredQueues);
    }

    /** The same notifier sending to other topics, e.g. Nova's {@code versioned_notifications}. */
    public Notifier withTopics(List<String> topics) {
        return new Notifier(transport, topology, recorder, topics, enabled, publisherId, declaredQueues);
    }

    public void info(RequestContext context, String eventType, Object payload) {
        notify(context, Priority.INFO, eventType, payload);
    }

    public void warn(RequestContext context, String eventType, Object payload) {
        notify(context, Priority.WARN, eventType, payload);
    }

    public void error(RequestContext context, String eventType, Object payload) {
        notify(context, Priority.ERROR, eventType, payload);
    }

    public void notify(RequestContext context, Priority priority, String eventType, Object payload) {
        if (!enabled) {
            return;
        }
        ObjectNode message = message(publisherId, priority, eventType, payload, context);
        byte[] body = Envelope.wrap(message);
        ExchangeSpec exchange = topology.controlExchange(null);
        String requestId = context == null ? null : context.requestId();
        for (String topic : topics) {
            String routingKey = topic + "." + priority.routingSuffix();
            try {
                transport.ensureDeclared(exchange);
                if (declaredQueues.add(routingKey)) {
                    QueueSpec queue = topology.topicQueue(routingKey);
                    transport.declare(queue);
                    transport.declare(new BindingSpec(queue.name(), exchange.name(), routingKey));
                }
                transport.publish(exchange.name(), routingKey, false, AmqpTransport.properties(), body);
            } catch (RuntimeException e) {
                // As oslo's notifier: a notification that cannot be sent is logged, and the work it reports goes on.
                declaredQueues.remove(routingKey);
                log.warn("Problem '{}' attempting to send {} to notification system", e.getMessage(), eventType);
                recorder.record(FlowEvent.now(FlowEvent.Direction.SENT, FlowEvent.Kind.NOTIFICATION, exchange.name(),
                        routingKey, topic, eventType, null, requestId, null, FlowEvent.Outcome.FAILED, e.getMessage()));
                continue;
            }
            log.debug("notification {} to {}", eventType, routingKey);
            recorder.record(FlowEvent.now(FlowEvent.Direction.SENT, FlowEvent.Kind.NOTIFICATION, exchange.name(),
                    routingKey, topic, eventType, null, requestId, null, FlowEvent.Outcome.SENT, null).withBody(body));
        }
    }

    /** The notification as oslo's messagingv2 driver builds it, fields in its order. */
    static ObjectNode message(String publisherId, Priority priority, String eventType, Object payload,
                              RequestContext context) {
        ObjectNode message = OsloJson.mapper().createObjectNode();
        message.put("message_id", UUID.randomUUID().toString());
        message.put("publisher_id", publisherId);
        message.put("event_type", eventType);
        message.put("priority", priority.name());
        message.set("payload", OsloJson.mapper().valueToTree(
                payload instanceof VersionedPayload versioned ? versioned.toPrimitive() : payload));
        message.put("timestamp", timestamp());
        message.put("_unique_id", MessageIds.newHex());
        if (context != null) {
            // Only the identity of the request, as oslo sanitises a notification's context.
            ContextKeys.pack(new RequestContext(context.requestId(), context.globalRequestId(), context.userId(),
                    context.projectId(), context.roles(), context.isAdmin(), null), message);
        }
        return message;
    }

    /** Python's {@code str(datetime.utcnow())}: a space between date and time, no zone, no fraction when it is zero. */
    static String timestamp() {
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        String text = PYTHON_UTCNOW.format(now);
        return text.endsWith(".000000") ? text.substring(0, text.length() - 7) : text;
    }
}
