package io.sharedfs.provisioner.domain;

/** What a job does. */
public enum JobKind {
    /** Build the node's private tree and run the VE's hook (or, for a non-shared image, just report). */
    PROVISION,
    /** Delete a removed node's private tree, once its exports are gone. */
    PURGE
}
