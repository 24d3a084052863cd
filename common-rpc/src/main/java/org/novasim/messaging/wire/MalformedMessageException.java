package org.novasim.messaging.wire;

/** A message that cannot be understood: not JSON, no envelope content, no method. Carries the reason for the logs. */
public class MalformedMessageException extends Exception {

    private final String reason;

    public MalformedMessageException(String reason, String detail) {
        super(reason + ": " + detail);
        this.reason = reason;
    }

    /** A short, stable reason, used as a metric tag: {@code not_json}, {@code bad_envelope}, {@code no_method}, ... */
    public String reason() {
        return reason;
    }
}
