package org.novasim.nova.exception;

/** nova-network's pool of a network is exhausted: the build of the instance aborts, as in Nova. */
public class NoMoreFixedIps extends NovaException {

    public NoMoreFixedIps(String network) {
        super("No fixed IP addresses available for network: " + network, 500);
    }
}
