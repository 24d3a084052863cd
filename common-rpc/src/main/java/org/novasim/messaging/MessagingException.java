package org.novasim.messaging;

/** Base of every error the messaging layer raises, as oslo.messaging's {@code MessagingException}. */
public class MessagingException extends RuntimeException {

    public MessagingException(String message) {
        super(message);
    }

    public MessagingException(String message, Throwable cause) {
        super(message, cause);
    }
}
