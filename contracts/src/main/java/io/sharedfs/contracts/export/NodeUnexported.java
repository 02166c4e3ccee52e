package io.sharedfs.contracts.export;

import io.sharedfs.contracts.Require;
import io.sharedfs.contracts.node.NodeMessage;

/** The export table applied on the storage host no longer includes this node. */
public record NodeUnexported(long veId, long vemId, String address, String storageHost, long generation)
        implements NodeMessage {

    public NodeUnexported {
        Require.positive(veId, "veId");
        Require.positive(vemId, "vemId");
        Require.text(storageHost, "storageHost");
    }
}
