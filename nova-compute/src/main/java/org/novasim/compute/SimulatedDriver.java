package org.novasim.compute;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import org.novasim.nova.compute.PowerState;
import org.novasim.nova.objects.Instance;

/**
 * The simulated hypervisor, in the place of Nova's virt driver: a spawn takes {@code boot-delay} and fails at
 * {@code failure-rate}, or always on a {@code fail-hosts} host; power operations succeed at once. It knows the power
 * state of what it runs on each host, as a driver's {@code get_info} and {@code list_instance_uuids} tell, for the
 * periodic tasks that compare them with the database; what it ran before the process started it does not know.
 */
@Component
class SimulatedDriver {

    /** A spawn that did not work: the build may go to another host. */
    static final class SpawnFailure extends RuntimeException {
        SpawnFailure(String message) {
            super(message);
        }
    }

    private final ComputeProperties.Driver settings;
    private final Map<String, Map<String, Integer>> running = new ConcurrentHashMap<>();

    SimulatedDriver(ComputeProperties properties) {
        this.settings = properties.driver();
    }

    /** @return the power state the instance is in afterwards */
    int spawn(String host, Instance instance) throws InterruptedException {
        Thread.sleep(settings.bootDelay());
        if (settings.failHosts().contains(host) || ThreadLocalRandom.current().nextDouble() < settings.failureRate()) {
            throw new SpawnFailure("Simulated spawn failure of instance " + instance.uuid() + " on " + host);
        }
        return set(host, instance, PowerState.RUNNING);
    }

    int powerOff(String host, Instance instance) {
        return set(host, instance, PowerState.SHUTDOWN);
    }

    int powerOn(String host, Instance instance) {
        return set(host, instance, PowerState.RUNNING);
    }

    void destroy(String host, String instanceUuid) {
        on(host).remove(instanceUuid);
    }

    /** The power state of an instance this driver runs on the host, or null when it runs no such instance. */
    @Nullable Integer powerState(String host, String instanceUuid) {
        return on(host).get(instanceUuid);
    }

    List<String> instanceUuids(String host) {
        return List.copyOf(on(host).keySet());
    }

    private int set(String host, Instance instance, int state) {
        on(host).put(instance.uuid(), state);
        return state;
    }

    private Map<String, Integer> on(String host) {
        return running.computeIfAbsent(host, h -> new ConcurrentHashMap<>());
    }
}
