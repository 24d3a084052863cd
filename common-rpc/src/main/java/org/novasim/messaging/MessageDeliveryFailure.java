package org.novasim.messaging;

/** A message could not be handed to the broker. */
public class MessageDeliveryFailure extends MessagingException {

    public MessageDeliveryFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
