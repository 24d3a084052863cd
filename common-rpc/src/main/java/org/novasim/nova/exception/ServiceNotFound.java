package org.novasim.nova.exception;

import java.util.Map;

/** No service with that id. */
public class ServiceNotFound extends NovaException {

    public ServiceNotFound(Object serviceId) {
        super("Service " + serviceId + " could not be found.", 404, Map.of("service_id", serviceId));
    }
}
