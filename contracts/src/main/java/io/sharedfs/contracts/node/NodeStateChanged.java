package io.sharedfs.contracts.node;

import io.sharedfs.contracts.Require;

/**
 * A node moved from one state to another.
 *
 * @param from absent for the node's first state
 * @param reason why, for FAILED; optional otherwise
 */
public record NodeStateChanged(long veId, long vemId, NodeState from, NodeState to, String reason)
        implements NodeMessage {

    public NodeStateChanged {
        Require.positive(veId, "veId");
        Require.positive(vemId, "vemId");
        Require.present(to, "to");
    }
}
