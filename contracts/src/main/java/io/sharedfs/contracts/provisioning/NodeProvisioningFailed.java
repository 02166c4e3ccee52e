package io.sharedfs.contracts.provisioning;

import io.sharedfs.contracts.Require;
import io.sharedfs.contracts.node.NodeMessage;

/** Provisioning a node failed; {@code reason} says why in words an operator can act on. */
public record NodeProvisioningFailed(long veId, long vemId, int attempt, String reason) implements NodeMessage {

    public NodeProvisioningFailed {
        Require.positive(veId, "veId");
        Require.positive(vemId, "vemId");
        Require.positive(attempt, "attempt");
        Require.text(reason, "reason");
    }
}
