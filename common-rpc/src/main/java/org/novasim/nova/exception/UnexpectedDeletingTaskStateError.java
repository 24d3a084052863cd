package org.novasim.nova.exception;

import java.util.Map;

/** A save refused because the instance is being deleted: Nova's subclass, so a build knows to stop quietly. */
public class UnexpectedDeletingTaskStateError extends UnexpectedTaskStateError {

    public UnexpectedDeletingTaskStateError(String instanceUuid, Map<String, ?> expected, Map<String, ?> actual) {
        super(instanceUuid, expected, actual);
    }
}
