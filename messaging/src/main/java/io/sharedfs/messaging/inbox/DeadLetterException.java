package io.sharedfs.messaging.inbox;

/**
 * Thrown to send a record to the dead-letter topic: the message becomes the
 * {@code dead-letter-reason} header an operator reads.
 */
public class DeadLetterException extends RuntimeException {

    public DeadLetterException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
