package org.novasim.nova.exception;

/** No such instance in the Nova database. */
public class InstanceNotFound extends NovaException {

    public InstanceNotFound(String instanceUuid) {
        super("Instance " + instanceUuid + " could not be found.", 404);
    }
}
