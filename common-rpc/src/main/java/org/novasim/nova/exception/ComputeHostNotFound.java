package org.novasim.nova.exception;

import java.util.Map;

/** No nova-compute service on that host (Nova's {@code service_get_by_compute_host}). */
public class ComputeHostNotFound extends NovaException {

    public ComputeHostNotFound(String host) {
        super("Compute host " + host + " could not be found.", 404, Map.of("host", host));
    }
}
