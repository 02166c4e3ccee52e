package io.sharedfs.contracts;

/** A record whose headers or body cannot be understood; it belongs in the dead-letter topic. */
public class MalformedMessageException extends RuntimeException {

    public MalformedMessageException(String message) {
        super(message);
    }

    public MalformedMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
