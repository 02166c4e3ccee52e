package io.sharedfs.provisioner.fs;

/**
 * The image is laid out in a way the agent refuses to work with (a link where a directory must be,
 * a path leaving the image, a file in the way). Retrying does not help; the operator must fix the
 * image.
 */
public class UnsafeTreeException extends Exception {

    public UnsafeTreeException(String message) {
        super(message);
    }
}
