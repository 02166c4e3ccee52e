package io.sharedfs.exporter.exports;

/** What the analyzer asks about the storage host's file system; {@link DiskProbe} answers from disk. */
public interface FileSystemProbe {

    /**
     * Why {@code path} is not a real directory reached from {@code imageRoot} without following a
     * symbolic link, or null when it is.
     */
    String directoryProblem(String imageRoot, String path);

    /**
     * Why {@code <imageRoot>/private} does not keep nodes out of each other's trees (missing, a
     * link, open to group or others, or owned by someone a node could be), or null when it does.
     */
    String privateRootProblem(String imageRoot);
}
