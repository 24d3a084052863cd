package org.novasim.conductor.scheduler;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;

/**
 * The instances of each host as this scheduler learns them from the computes ({@code track_instance_changes}),
 * as Nova's {@code HostManager._instance_info}: an update adds, a delete removes, a periodic sync that disagrees
 * replaces the host's set and says so, as Nova's does.
 */
@Component
public class HostInstances {

    private static final Logger log = LoggerFactory.getLogger(HostInstances.class);

    private final Map<String, Set<String>> byHost = new ConcurrentHashMap<>();

    /** The uuids of an InstanceList (or of one Instance) that travelled as its primitive. */
    void update(String host, JsonNode instanceInfo) {
        JsonNode objects = instanceInfo.path("nova_object.data").path("objects");
        Set<String> known = of(host);
        if (objects.isArray()) {
            objects.forEach(instance -> add(known, instance));
        } else {
            add(known, instanceInfo);
        }
    }

    private static void add(Set<String> known, JsonNode instance) {
        JsonNode uuid = instance.path("nova_object.data").path("uuid");
        if (uuid.isString()) {
            known.add(uuid.asString());
        }
    }

    void delete(String host, String instanceUuid) {
        of(host).remove(instanceUuid);
    }

    void sync(String host, List<String> instanceUuids) {
        Set<String> known = of(host);
        if (known.size() == instanceUuids.size() && known.containsAll(instanceUuids)) {
            log.debug("the instance sync for host '{}' matched", host);
            return;
        }
        log.info("The instance sync for host '{}' did not match. Re-created its InstanceList.", host);
        known.clear();
        known.addAll(instanceUuids);
    }

    private Set<String> of(String host) {
        return byHost.computeIfAbsent(host, h -> ConcurrentHashMap.newKeySet());
    }
}
