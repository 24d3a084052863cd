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

    public String msgId() {
        return msgId;
    }
}
