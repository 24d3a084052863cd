package org.novasim.conductor.objects;

import java.time.Clock;
import java.time.Instant;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import org.novasim.conductor.db.ActionRecords;
import org.novasim.messaging.RequestContext;
import org.novasim.nova.objects.DateTimeField;
import org.novasim.nova.objects.NovaObjects;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Nova Zed's {@code InstanceActionEvent} (1.4): the steps of an instance action a compute records, as its
 * {@code EventReporter} and {@code wrap_instance_event} do ({@code event_start}, then {@code event_finish} or
 * {@code event_finish_with_failure}), on the action of the context's request.
 */
@Component
class InstanceActionEventObject implements RemotableClass {

    private final ActionRecords actions;
    private final Clock clock;

    InstanceActionEventObject(ActionRecords actions, Clock clock) {
        this.actions = actions;
        this.clock = clock;
    }

    @Override
    public String name() {
        return NovaObjects.INSTANCE_ACTION_EVENT;
    }

    @Override
    public String version() {
        return NovaObjects.INSTANCE_ACTION_EVENT_VERSION;
    }

    @Override
    public @Nullable JsonNode classAction(RequestContext context, String method, MethodArgs args) {
        String uuid = args.text(method, 0, "instance_uuid");
        String event = args.text(method, 1, "event_name");
        Instant now = clock.instant();
        long action = actions.start(uuid, ActionRecords.CREATE, context, now);
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.put("event", event);
        data.put("action_id", action);
        switch (method) {
            case "event_start" -> {
                String host = args.optionalText(3, "host");
                actions.eventStart(action, event, host, now);
                data.put("start_time", DateTimeField.of(now));
                data.put("host", host);
            }
            case "event_finish" -> finish(action, event, null, null, now, data);
            // Nova's pack_action_event_finish: an event with a traceback failed; exc_val is its details.
            case "event_finish_with_failure" -> finish(action, event, args.optionalText(2, "exc_val"),
                    args.optionalText(3, "exc_tb"), now, data);
            default -> throw NoSuchObjectMethod.onClass(name(), method);
        }
        // Nova's defaults: event_start and event_finish answer with the event unless told not to, the failure not.
        boolean wantResult = method.equals("event_finish_with_failure") ? args.flag(4, "want_result", false)
                : args.flag(2, "want_result", true);
        return wantResult ? primitive(data) : null;
    }

    private void finish(long action, String event, @Nullable String details, @Nullable String traceback, Instant now,
                        ObjectNode data) {
        String result = traceback == null ? ActionRecords.SUCCESS : ActionRecords.ERROR;
        actions.eventFinish(action, event, result, traceback, details, now);
        data.put("finish_time", DateTimeField.of(now));
        data.put("result", result);
        data.put("traceback", traceback);
        data.put("details", details);
    }
}
