package io.sharedfs.contracts.export;

import io.sharedfs.contracts.Require;
import io.sharedfs.contracts.node.NodeMessage;
import java.util.List;

/**
 * The export table applied on the storage host includes this node.
 *
 * @param generation the export table generation that first included it
 * @param paths the exported paths on the storage host
 */
public record NodeExported(
        long veId, long vemId, String address, String storageHost, long generation, List<String> paths)
        implements NodeMessage {

    public NodeExported {
        Require.positive(veId, "veId");
        Require.positive(vemId, "vemId");
        Require.text(storageHost, "storageHost");
        paths = Require.list(paths, "paths");
    }
}
