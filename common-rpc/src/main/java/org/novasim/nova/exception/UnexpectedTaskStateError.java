package org.novasim.nova.exception;

/** An instance update that expected another task_state: the instance moved on (deleted while building, say). */
public class UnexpectedTaskStateError extends NovaException {

    public UnexpectedTaskStateError(String instanceUuid, String expected, String actual) {
        super("Conflict updating instance " + instanceUuid + ". Expected: {'task_state': " + expected
                + "}. Actual: {'task_state': " + actual + "}", 409);
    }
}
