package io.sharedfs.contracts.provisioning;

import io.sharedfs.contracts.Require;
import io.sharedfs.contracts.node.NodeMessage;
import java.util.UUID;

/** A node's private tree is complete and its hook succeeded (or there is none): it can be exported. */
public record NodeProvisioned(
        long veId, long vemId, int attempt, UUID imageId, String storageHost, String treePath)
        implements NodeMessage {

    public NodeProvisioned {
        Require.positive(veId, "veId");
        Require.positive(vemId, "vemId");
        Require.positive(attempt, "attempt");
        Require.text(storageHost, "storageHost");
    }
}
