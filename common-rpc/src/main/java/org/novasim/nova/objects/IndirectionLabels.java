package org.novasim.nova.objects;

import org.novasim.messaging.flow.MethodLabels;

import tools.jackson.databind.JsonNode;

/**
 * Names the object indirection calls by object and method, as a Nova developer reads them: {@code object_action} of
 * an Instance's {@code save} is {@code Instance.save}, {@code object_class_action_versions} of
 * {@code InstanceActionEvent.event_start} is that. Every other message keeps its method.
 */
public final class IndirectionLabels implements MethodLabels {

    @Override
    public String label(String method, JsonNode args) {
        return switch (method) {
            case "object_action" -> named(args.path("objinst").path("nova_object.name"), args.path("objmethod"), method);
            case "object_class_action_versions" -> named(args.path("objname"), args.path("objmethod"), method);
            default -> method;
        };
    }

    private static String named(JsonNode object, JsonNode objmethod, String method) {
        return object.isString() && objmethod.isString() ? object.asString() + "." + objmethod.asString() : method;
    }
}
