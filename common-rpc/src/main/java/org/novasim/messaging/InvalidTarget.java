package org.novasim.messaging;

/** A target that cannot be used for the operation, such as a call to a fanout target. */
public class InvalidTarget extends MessagingException {

    public InvalidTarget(String message, Target target) {
        super(message + ": " + target);
    }
}
