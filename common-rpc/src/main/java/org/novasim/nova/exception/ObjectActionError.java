package org.novasim.nova.exception;

import java.util.Map;

/** An object method that cannot be done on the object as it is (create of one already created, say). */
public class ObjectActionError extends NovaException {

    public ObjectActionError(String action, String reason) {
        super("Object action " + action + " failed because: " + reason, 500, Map.of("action", action, "reason", reason));
    }
}
