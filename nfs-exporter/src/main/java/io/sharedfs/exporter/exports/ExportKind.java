package io.sharedfs.exporter.exports;

/** The four kinds of export line sharedfs writes, each with its own option set. */
public enum ExportKind {
    /** A shared image's root, read-only to one of its nodes. */
    IMAGE_ROOT,
    /** One of a node's own private dirs or its {@code /custom/node}. */
    NODE_PRIVATE,
    /** A VE's {@code /custom/ve}, to one node of that VE. */
    VE_CUSTOM,
    /** A non-shared image's root, to its single node. */
    NON_SHARED_ROOT
}
