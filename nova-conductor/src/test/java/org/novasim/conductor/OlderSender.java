package org.novasim.conductor;

import java.util.List;
import java.util.Map;

import org.novasim.messaging.RequestContext;
import org.novasim.nova.conductor.ComputeTaskRpcApi;
import org.novasim.nova.objects.BuildRequest;
import org.novasim.nova.objects.NetworkRequestList;
import org.novasim.nova.objects.TagList;

/**
 * The cast of an older sender, as the conductor's tests send it: build requests naming only the instances (already
 * in the database) and no request specs, so the conductor reads their flavor from its database.
 */
final class OlderSender {

    private OlderSender() {
    }

    /** @param requestedNetworks {@code "auto"}, {@code "none"} or a list of networks, as the API took them */
    static void scheduleAndBuild(ComputeTaskRpcApi computeTask, RequestContext context, List<String> instanceUuids,
                                 Map<String, Object> image, String adminPassword, Object requestedNetworks) {
        computeTask.scheduleAndBuildInstances(context, instanceUuids.stream()
                .map(u -> new BuildRequest(u, context.projectId(), null)).toList(), List.of(), image, adminPassword,
                NetworkRequestList.fromApi(requestedNetworks), TagList.empty());
    }
}
