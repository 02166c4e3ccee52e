package io.sharedfs.contracts.export;

import io.sharedfs.contracts.Require;
import io.sharedfs.contracts.node.NodeRef;
import java.util.List;

/**
 * Applying export table {@code generation} failed; the previous file was restored.
 *
 * @param message what the apply command said
 * @param nodes the nodes whose exports this generation would have added or withdrawn
 */
public record ExportsApplyFailed(String storageHost, long generation, String message, List<NodeRef> nodes)
        implements StorageHostMessage {

    public ExportsApplyFailed {
        Require.text(storageHost, "storageHost");
        Require.text(message, "message");
        nodes = Require.list(nodes, "nodes");
    }
}
