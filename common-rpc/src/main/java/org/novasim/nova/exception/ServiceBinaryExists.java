package org.novasim.nova.exception;

import java.util.Map;

/** A service record for that host and binary is there already (Nova's {@code service_create}). */
public class ServiceBinaryExists extends NovaException {

    public ServiceBinaryExists(String host, String binary) {
        super("Service with host " + host + " binary " + binary + " exists.", 500,
                Map.of("host", host, "binary", binary));
    }
}
