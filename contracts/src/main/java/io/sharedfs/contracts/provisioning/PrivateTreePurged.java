package io.sharedfs.contracts.provisioning;

import io.sharedfs.contracts.Require;
import io.sharedfs.contracts.node.NodeMessage;

/** A removed node's private tree was deleted on purpose (a purge), after its exports were gone. */
public record PrivateTreePurged(long veId, long vemId, String storageHost, String treePath) implements NodeMessage {

    public PrivateTreePurged {
        Require.positive(veId, "veId");
        Require.positive(vemId, "vemId");
    }
}
