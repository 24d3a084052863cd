package org.novasim.conductor.manager;

import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import org.novasim.conductor.objects.ObjectIndirection;
import org.novasim.messaging.RequestContext;
import org.novasim.messaging.rpc.RpcEndpoint;
import org.novasim.nova.conductor.ConductorRpcApi;

import tools.jackson.databind.JsonNode;

/**
 * nova-conductor's endpoint for the services without database access, as Nova Zed's {@code ConductorManager} (3.0):
 * the object indirection API, through which a compute's heartbeats, resource reports, instance states, faults and
 * action events are its objects' remotable methods.
 */
@Component
@RpcEndpoint(topic = ConductorRpcApi.TOPIC_PLACEHOLDER, version = ConductorRpcApi.VERSION)
public class ConductorManager {

    private final ObjectIndirection objects;

    public ConductorManager(ObjectIndirection objects) {
        this.objects = objects;
    }

    /**
     * Nova's object indirection API (conductor 3.0), what every remotable classmethod of a Zed service without
     * database access is: {@code objname.objmethod(context, *args, **kwargs)}, answered with the result as Nova's
     * {@code NovaObjectSerializer} sends it.
     */
    public @Nullable JsonNode objectClassActionVersions(RequestContext context, String objname, String objmethod,
                                                        Map<String, String> objectVersions, JsonNode args,
                                                        JsonNode kwargs) {
        return objects.classAction(context, objname, objmethod, objectVersions, args, kwargs);
    }

    /** A remotable method on an object ({@code instance.save()}, a heartbeat's {@code service.save()}). */
    public JsonNode objectAction(RequestContext context, JsonNode objinst, String objmethod, JsonNode args,
                                 JsonNode kwargs) {
        return objects.action(context, objinst, objmethod, args, kwargs);
    }

    /** An object at the versions the caller holds, for a caller sent a newer one than it knows. */
    public JsonNode objectBackportVersions(RequestContext context, JsonNode objinst,
                                           Map<String, String> objectVersions) {
        return objects.backport(objinst, objectVersions);
    }
}
