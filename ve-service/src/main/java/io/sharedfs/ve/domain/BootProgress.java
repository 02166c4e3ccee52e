package io.sharedfs.ve.domain;

/** The last stage of its boot a node reported: mounted by the initramfs, up, or stopped with an error. */
public enum BootProgress {
    MOUNTED,
    BOOTED,
    FAILED
}
