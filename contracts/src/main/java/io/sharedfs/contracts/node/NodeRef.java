package io.sharedfs.contracts.node;

import io.sharedfs.contracts.Require;

/** Names one node in a message about many. */
public record NodeRef(long veId, long vemId) {

    public NodeRef {
        Require.positive(veId, "veId");
        Require.positive(vemId, "vemId");
    }
}
