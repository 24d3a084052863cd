package org.novasim.compute;

import java.util.concurrent.ThreadLocalRandom;

import org.springframework.stereotype.Component;

import org.novasim.nova.compute.PowerState;
import org.novasim.nova.objects.Instance;

/**
 * The simulated hypervisor, in the place of Nova's virt driver: a spawn takes {@code boot-delay} and fails at
 * {@code failure-rate}, or always on a {@code fail-hosts} host; power operations succeed at once.
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

    SimulatedDriver(ComputeProperties properties) {
        this.settings = properties.driver();
    }

    /** @return the power state the instance is in afterwards */
    int spawn(String host, Instance instance) throws InterruptedException {
        Thread.sleep(settings.bootDelay());
        if (settings.failHosts().contains(host) || ThreadLocalRandom.current().nextDouble() < settings.failureRate()) {
            throw new SpawnFailure("Simulated spawn failure of instance " + instance.uuid() + " on " + host);
        }
        return PowerState.RUNNING;
    }

    int powerOff(Instance instance) {
        return PowerState.SHUTDOWN;
    }

    int powerOn(Instance instance) {
        return PowerState.RUNNING;
    }
}
