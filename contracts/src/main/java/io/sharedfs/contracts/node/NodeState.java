package io.sharedfs.contracts.node;

/** The lifecycle of a node as ve-service tracks it. */
public enum NodeState {
    PROVISIONING,
    READY,
    FAILED,
    REMOVING,
    REMOVED
}
