package io.sharedfs.ve.domain;

import io.sharedfs.contracts.node.NodeState;

/**
 * Derives a node's state from the facts reported about it. Because the state is a function of
 * the facts and every fact only ever grows (a higher attempt, a later generation, a flag set),
 * events arriving in any order or twice lead to the same end state.
 */
public final class NodeLifecycle {

    private NodeLifecycle() {
    }

    /** A state and, for FAILED (or a removal waiting on a purge), why. */
    public record Outcome(NodeState state, String reason) {
    }

    public static Outcome derive(Node node) {
        if (node.removeRequested) {
            if (node.unexported && (!node.purgeRequested || node.purged)) {
                return new Outcome(NodeState.REMOVED, node.purgeRequested ? "exports withdrawn, private tree purged"
                        : "exports withdrawn, private tree kept");
            }
            return new Outcome(NodeState.REMOVING, null);
        }
        // A success reported for the same attempt after its failure (node-provisioner's job was
        // retried) wins, whatever order the two reports arrive in.
        if (node.failedAttempt >= node.attempt && node.provisionedAttempt < node.failedAttempt) {
            return new Outcome(NodeState.FAILED, node.failedReason);
        }
        if (exportFailed(node)) {
            return new Outcome(NodeState.FAILED, "applying the exports failed: " + node.exportFailedReason);
        }
        if (node.provisionedAttempt >= node.attempt && node.exportedGeneration > 0) {
            return new Outcome(NodeState.READY, null);
        }
        return new Outcome(NodeState.PROVISIONING, null);
    }

    private static boolean exportFailed(Node node) {
        return node.exportFailedGeneration > node.exportedGeneration
                && node.exportFailedGeneration > node.exportFailuresRetried;
    }
}
