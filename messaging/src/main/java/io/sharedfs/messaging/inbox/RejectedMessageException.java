package io.sharedfs.messaging.inbox;

/**
 * Thrown by a handler for a well-formed message that breaks a rule it cannot be answered for
 * (for instance a path outside the image): retrying cannot help, so it is dead-lettered at once.
 */
public class RejectedMessageException extends RuntimeException {

    public RejectedMessageException(String reason) {
        super(reason);
    }
}
