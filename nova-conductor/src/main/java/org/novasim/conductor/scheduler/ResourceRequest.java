package org.novasim.conductor.scheduler;

import org.novasim.nova.objects.Flavor;

/** What one instance of a flavor needs from a host: vCPUs, RAM and disk (root plus ephemeral). */
public record ResourceRequest(int vcpus, int memoryMb, int diskGb) {

    public static ResourceRequest of(Flavor flavor) {
        return new ResourceRequest(flavor.vcpus(), flavor.memoryMb(), flavor.rootGb() + flavor.ephemeralGb());
    }
}
