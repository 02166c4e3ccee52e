package io.sharedfs.contracts.image;

/** Whether an image's storage host has answered for its current root path and shared flag. */
public enum ImageStatus {
    /** Waiting for the storage host. */
    PENDING,
    /** The root path is usable and, for a shared image, the layout is prepared. */
    READY,
    /** The storage host refused the image; see the reason. */
    INVALID
}
