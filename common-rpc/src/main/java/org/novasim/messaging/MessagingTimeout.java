package org.novasim.messaging;

import java.time.Duration;

/** No reply came within the call's timeout. Names what was called, so a log line alone tells the story. */
public class MessagingTimeout extends MessagingException {

    private final String msgId;

    public MessagingTimeout(String msgId, Target target, String method, Duration timeout) {
        super("Timed out waiting for a reply to message ID " + msgId + " (method " + method + " on topic "
                + target.routingKey() + ", timeout " + timeout.toMillis() / 1000.0 + "s)");
        this.msgId = msgId;
    }

    /** A call sent again and again while no queue took it, until its timeout (the last refusal as the cause). */
    public MessagingTimeout(Target target, String method, Duration timeout, MessageUndeliverable lastRefusal) {
        super("Timed out after " + timeout.toMillis() / 1000.0 + "s: nothing took method " + method + " on topic "
                + target.routingKey() + " (" + lastRefusal.getMessage() + ")", lastRefusal);
        this.msgId = null;
    }

    public String msgId() {
        return msgId;
    }
}
