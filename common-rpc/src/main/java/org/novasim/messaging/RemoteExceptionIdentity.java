package org.novasim.messaging;

import java.util.Map;

/**
 * Implemented by an exception that should reach oslo.messaging callers under a Python name, e.g.
 * {@code NoValidHost} in module {@code nova.exception}. Other exceptions travel under their Java
 * simple name and package.
 */
public interface RemoteExceptionIdentity {

    String remoteClass();

    String remoteModule();

    /** What oslo.messaging sends as {@code kwargs} (Nova exceptions carry their format arguments here). */
    default Map<String, Object> remoteKwargs() {
        return Map.of();
    }
}
