package io.sharedfs.contracts.boot;

/** How far a node's boot got, as the node itself reported it. */
public enum BootStage {
    /** The initramfs mounted the whole mount table and is about to switch to the image's root. */
    MOUNTED,
    /** The booted system is up (its init, or the check that stands in for it, reported). */
    BOOTED
}
