package org.novasim.api.servers;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import org.novasim.api.actions.InstanceActionRecords;
import org.novasim.api.flavors.FlavorRecords;
import org.novasim.api.images.ImageProperties;
import org.novasim.api.images.ImagesController;
import org.novasim.api.web.ApiRequest;
import org.novasim.api.web.NovaApiException;
import org.novasim.messaging.MessagingException;
import org.novasim.messaging.RequestContext;
import org.novasim.messaging.wire.OsloJson;
import org.novasim.nova.ServiceGroup;
import org.novasim.nova.compute.ComputeRpcApi;
import org.novasim.nova.conductor.ComputeTaskRpcApi;
import org.novasim.nova.objects.BuildRequest;
import org.novasim.nova.objects.Destination;
import org.novasim.nova.objects.Flavor;
import org.novasim.nova.objects.ImageMeta;
import org.novasim.nova.objects.Instance;
import org.novasim.nova.objects.NetworkRequestList;
import org.novasim.nova.objects.RequestSpec;
import org.novasim.nova.objects.TagList;

/**
 * What the API does with servers, as Nova's {@code compute/api.py}: records new instances and casts their
 * scheduling to the conductor; checks an instance's state before an action, sets its task and casts the action to
 * its host.
 */
@Service
class ComputeApi {

    private static final Logger log = LoggerFactory.getLogger(ComputeApi.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String PASSWORD_CHARACTERS = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    private final ServerRecords servers;
    private final FlavorRecords flavors;
    private final ImagesController images;
    private final InstanceActionRecords actions;
    private final ComputeTaskRpcApi computeTask;
    private final ComputeRpcApi compute;
    private final ServiceGroup serviceGroup;
    private final Clock clock;

    ComputeApi(ServerRecords servers, FlavorRecords flavors, ImagesController images, InstanceActionRecords actions,
               ComputeTaskRpcApi computeTask, ComputeRpcApi compute, ServiceGroup serviceGroup, Clock clock) {
        this.serviceGroup = serviceGroup;
        this.servers = servers;
        this.flavors = flavors;
        this.images = images;
        this.actions = actions;
        this.computeTask = computeTask;
        this.compute = compute;
        this.clock = clock;
    }

    record Created(List<String> uuids, String adminPass) {
    }

    Created create(ServerCreateRequest request, ApiRequest api) {
        Destination destination = request.requestedHost() != null || request.requestedNode() != null
                ? requestedDestination(request, api) : null;
        Flavor flavor = flavors.find(request.flavorRef())
                .orElseThrow(() -> NovaApiException.badRequest("Flavor " + request.flavorRef() + " could not be found."));
        ImageProperties.Image image = images.find(request.imageRef())
                .orElseThrow(() -> NovaApiException.badRequest("Can not find requested image"));
        if (flavor.rootGb() < image.minDisk()) {
            throw NovaApiException.badRequest("Flavor's disk is too small for requested image. Flavor disk is "
                    + flavor.rootGb() + "G, minimum disk is " + image.minDisk() + "G.");
        }
        String adminPass = request.adminPass() != null ? request.adminPass() : password();
        String reservationId = "r-" + UUID.randomUUID().toString().substring(0, 8);
        String metadata = OsloJson.mapper().writeValueAsString(request.metadata());
        int count = request.maxCount();
        List<ServerRecords.NewServer> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String uuid = UUID.randomUUID().toString();
            String name = count > 1 ? request.name() + "-" + (i + 1) : request.name();
            rows.add(new ServerRecords.NewServer(uuid, name, api.projectId(), api.context().userId(),
                    flavor.flavorid(), image.id(), reservationId, i, metadata, hash(adminPass), request.description(),
                    hostname(request, uuid, count, i), request.tags(), request.trustedCerts()));
        }
        servers.insert(rows, clock.instant());
        List<String> uuids = rows.stream().map(ServerRecords.NewServer::uuid).toList();
        ImageMeta imageMeta = new ImageMeta(image.id(), image.name(), image.minDisk(), null);
        List<BuildRequest> buildRequests = rows.stream().map(r -> BuildRequest.of(new Instance(r.uuid(), r.displayName(),
                r.projectId(), r.userId(), flavor, image.id()))).toList();
        List<RequestSpec> requestSpecs = uuids.stream().map(u -> new RequestSpec(u, api.projectId(),
                api.context().userId(), flavor, count, imageMeta, null, destination)).toList();
        try {
            computeTask.scheduleAndBuildInstances(api.context(), buildRequests, requestSpecs, Map.of("id", image.id(),
                    "name", image.name(), "min_disk", image.minDisk()), adminPass,
                    NetworkRequestList.fromApi(request.networks()), new TagList(request.tags()));
        } catch (MessagingException e) {
            // The request cannot go on: the instances say why rather than wait in BUILD for ever.
            uuids.forEach(u -> servers.markError(u, "Failed to schedule the build: " + e.getMessage(), clock.instant()));
            throw e;
        }
        log.info("accepted {} server(s) {} for scheduling", count, uuids);
        return new Created(uuids, adminPass);
    }

    /**
     * Nova's {@code _populate_instance_names}: the hostname asked for (2.90), else the sanitized name before its
     * multi-create suffix, suffixed the same way, {@code Server-<uuid>} when nothing of the name is left.
     */
    private static String hostname(ServerCreateRequest request, String uuid, int count, int index) {
        if (request.hostname() != null) {
            return request.hostname();
        }
        String hostname = Hostnames.sanitize(request.name());
        if (hostname.isEmpty()) {
            return "Server-" + uuid;
        }
        return count > 1 ? hostname + "-" + (index + 1) : hostname;
    }

    /** {@code PUT /servers/{id}}: the name, description and hostname change at once; no task, no cast. */
    void update(ServerRecords.ServerRow server, ServerUpdateRequest update) {
        servers.update(server.uuid(), update, clock.instant());
        log.info("server {}: updated", server.uuid());
    }

    /**
     * 2.74's {@code host} and {@code hypervisor_hostname}: admins only, and each must exist, as in Nova; they become
     * the request spec's requested destination, the only place the scheduler then considers.
     */
    private Destination requestedDestination(ServerCreateRequest request, ApiRequest api) {
        if (!api.isAdmin()) {
            throw NovaApiException.forbidden("Policy doesn't allow compute:servers:create:requested_destination to be"
                    + " performed.");
        }
        String host = request.requestedHost();
        String node = request.requestedNode();
        if (host != null && !servers.computeNodeExists(host, node)) {
            throw NovaApiException.badRequest("Compute host " + (node != null && servers.computeNodeExists(host, null)
                    ? node : host) + " could not be found.");
        }
        if (host == null && !servers.computeNodeExists(null, node)) {
            throw NovaApiException.badRequest("Compute host " + node + " could not be found.");
        }
        return new Destination(host, node);
    }

    void delete(ServerRecords.ServerRow server, ApiRequest api) {
        boolean hostUp = server.host() != null && servers.computeServiceReportedSince(server.host(),
                serviceGroup.upSince(clock.instant()));
        if (!hostUp) {
            // Nova's local delete: no compute host holds the instance, or its service is down.
            servers.deleteLocally(server.uuid(), clock.instant());
            actions.start(server.uuid(), "delete", api.context(), clock.instant());
            log.info("deleted server {} locally", server.uuid());
            return;
        }
        if (!servers.startDelete(server.uuid(), clock.instant())) {
            throw NovaApiException.conflict("Cannot 'delete' instance " + server.uuid() + " while it is being deleted");
        }
        actions.start(server.uuid(), "delete", api.context(), clock.instant());
        log.info("server {}: delete requested, task_state deleting", server.uuid());
        compute.terminateInstance(api.context(), server.host(), instance(server));
    }

    void stop(ServerRecords.ServerRow server, ApiRequest api) {
        requireHost(server);
        startTask(server, "stop", Set.of("active", "error"), "powering-off", api.context());
        compute.stopInstance(api.context(), server.host(), instance(server));
    }

    void start(ServerRecords.ServerRow server, ApiRequest api) {
        requireHost(server);
        startTask(server, "start", Set.of("stopped"), "powering-on", api.context());
        compute.startInstance(api.context(), server.host(), instance(server));
    }

    void reboot(ServerRecords.ServerRow server, String type, ApiRequest api) {
        requireHost(server);
        boolean hard = type.equals("HARD");
        startTask(server, "reboot", hard ? Set.of("active", "stopped", "paused", "suspended", "error") : Set.of("active"),
                hard ? "rebooting_hard" : "rebooting", api.context());
        compute.rebootInstance(api.context(), server.host(), instance(server), type);
    }

    private void requireHost(ServerRecords.ServerRow server) {
        if (server.host() == null) {
            throw NovaApiException.conflict("Instance " + server.uuid() + " is not ready yet: it has no host.");
        }
    }

    private void startTask(ServerRecords.ServerRow server, String action, Set<String> vmStates, String taskState,
                           RequestContext context) {
        if (!servers.startTask(server.uuid(), vmStates, taskState, clock.instant())) {
            String why = server.taskState() != null ? "task_state " + server.taskState() : "vm_state " + server.vmState();
            throw NovaApiException.conflict("Cannot '" + action + "' instance " + server.uuid() + " while it is in " + why);
        }
        actions.start(server.uuid(), action, context, clock.instant());
        log.info("server {}: {} requested, task_state {}", server.uuid(), action, taskState);
    }

    private Instance instance(ServerRecords.ServerRow server) {
        Flavor flavor = flavors.find(server.flavorid()).orElseThrow();
        return new Instance(server.uuid(), server.displayName(), server.projectId(), server.userId(), flavor,
                server.imageRef());
    }

    /** Twelve characters, as Nova's generated adminPass. */
    private static String password() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            s.append(PASSWORD_CHARACTERS.charAt(RANDOM.nextInt(PASSWORD_CHARACTERS.length())));
        }
        return s.toString();
    }

    /** The password is never stored in clear. */
    private static String hash(String password) {
        try {
            byte[] salt = new byte[16];
            RANDOM.nextBytes(salt);
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(salt);
            return HexFormat.of().formatHex(salt) + ":" + HexFormat.of().formatHex(
                    digest.digest(password.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
