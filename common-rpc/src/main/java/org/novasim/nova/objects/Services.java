package org.novasim.nova.objects;

import java.util.List;
import java.util.Map;

import org.novasim.messaging.RequestContext;

import tools.jackson.databind.JsonNode;

/**
 * A service's row as a Zed service without database access keeps it through the conductor: found or created at
 * start ({@code Service.get_by_host_and_binary}, then {@code Service(...).create()}), and heartbeaten every
 * {@code report_interval} as {@code nova/servicegroup/drivers/db.py} does ({@code report_count += 1; save()}).
 */
public final class Services {

    private Services() {
    }

    public static RemoteObject findOrCreate(IndirectionApi api, RequestContext context, String host, String binary,
                                            String topic) {
        JsonNode found = api.objectClassAction(context, NovaObjects.SERVICE, "get_by_host_and_binary",
                ZedObjectVersions.SERVICE, List.of(host, binary), Map.of());
        if (found != null) {
            return RemoteObject.loaded(found, NovaObjects.SERVICE, NovaObjects.SERVICE_VERSION);
        }
        RemoteObject created = RemoteObject.created(NovaObjects.SERVICE, NovaObjects.SERVICE_VERSION,
                Map.of("host", host, "binary", binary, "topic", topic, "report_count", 0,
                        "version", NovaObjects.ZED_SERVICE_VERSION));
        created.create(api, context);
        return created;
    }

    public static void heartbeat(IndirectionApi api, RequestContext context, RemoteObject service) {
        service.set("report_count", service.get("report_count").asInt() + 1);
        service.save(api, context, Map.of());
    }
}
