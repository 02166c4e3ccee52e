package io.sharedfs.console.client;

import java.net.URI;

/** A service did not answer at all (not running, wrong URL, timed out). */
public class ServiceUnreachableException extends RuntimeException {

    private final String service;
    private final URI url;

    public ServiceUnreachableException(String service, URI url, Throwable cause) {
        super(service + " at " + url + " did not answer: " + reason(cause), cause);
        this.service = service;
        this.url = url;
    }

    public String service() {
        return service;
    }

    public URI url() {
        return url;
    }

    private static String reason(Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.getClass().getSimpleName() : message;
    }
}
