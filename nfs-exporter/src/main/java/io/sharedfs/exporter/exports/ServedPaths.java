package io.sharedfs.exporter.exports;

/**
 * How a node names, on the NFS server, a path of the storage host that one of its exports serves:
 * the path itself under kernel nfsd, a pseudo path under NFS-Ganesha.
 */
@FunctionalInterface
public interface ServedPaths {

    /** Kernel nfsd: nodes mount the storage host's own paths. */
    ServedPaths AS_IS = (node, path) -> path;

    /**
     * @param path a path of one of the node's exports, or below one
     * @throws IllegalArgumentException when no export of the node serves the path
     */
    String of(NodeFacts node, String path);
}
