package org.novasim.nova.exception;

import java.util.Map;

/** The scheduler found no host for an instance; the instance goes to ERROR with this as its fault. */
public class NoValidHost extends NovaException {

    public static final String NOT_ENOUGH_HOSTS = "There are not enough hosts available.";

    public NoValidHost(String reason) {
        super("No valid host was found. " + reason, 500, Map.of("reason", reason));
    }
}
