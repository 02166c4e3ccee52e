package io.sharedfs.ve.domain;

import java.time.Instant;

/**
 * How each agent report changes the facts kept about a node. Every fact only grows (a higher
 * attempt, a later generation, a flag set), so applying reports in any order or twice leaves the
 * same facts, and {@link NodeLifecycle#derive} the same state; pure logic.
 */
public final class NodeFacts {

    private NodeFacts() {
    }

    /** node-provisioner finished the given attempt (private tree complete, hook succeeded or absent). */
    public static void provisioned(Node node, int attempt) {
        node.provisionedAttempt = Math.max(node.provisionedAttempt, attempt);
    }

    /**
     * node-provisioner gave up on the given attempt. For one attempt the reason of a report is kept
     * only if no other reason is known yet or it sorts first, so two different reports of one
     * attempt leave the same reason whatever their order.
     */
    public static void provisioningFailed(Node node, int attempt, String reason) {
        if (attempt > node.failedAttempt) {
            node.failedAttempt = attempt;
            node.failedReason = reason;
        } else if (attempt == node.failedAttempt && first(reason, node.failedReason)) {
            node.failedReason = reason;
        }
    }

    /** nfs-exporter applied an export table that includes the node. */
    public static void exported(Node node, long generation) {
        node.exportedGeneration = Math.max(node.exportedGeneration, generation);
    }

    /** nfs-exporter could not apply an export table that would have changed the node's exports. */
    public static void exportFailed(Node node, long generation, String message) {
        if (generation > node.exportFailedGeneration) {
            node.exportFailedGeneration = generation;
            node.exportFailedReason = message;
        } else if (generation == node.exportFailedGeneration && first(message, node.exportFailedReason)) {
            node.exportFailedReason = message;
        }
    }

    /** nfs-exporter applied an export table without the node. */
    public static void unexported(Node node) {
        node.unexported = true;
    }

    /**
     * The node reported a stage of its boot; only a later report replaces the one recorded, so a redelivered
     * or late event changes nothing.
     */
    public static void bootReported(Node node, BootProgress stage, Instant reportedAt, String error) {
        if (node.bootReportedAt != null && !reportedAt.isAfter(node.bootReportedAt)) {
            return;
        }
        node.bootStage = stage;
        node.bootReportedAt = reportedAt;
        node.bootError = stage == BootProgress.FAILED ? error : null;
        if (stage == BootProgress.BOOTED) {
            node.bootedAt = reportedAt;
        }
    }

    /** node-provisioner deleted the node's private tree (a purge). */
    public static void purged(Node node) {
        node.purged = true;
    }

    /** An operator asked to remove the node, keeping or (with purge) deleting its private tree. */
    public static void removeRequested(Node node, boolean purge) {
        node.removeRequested = true;
        node.purgeRequested |= purge;
    }

    /**
     * An operator retried the node: the next attempt, and the export failures known so far count
     * as answered (a later generation's failure still fails the node).
     */
    public static void retried(Node node) {
        node.attempt++;
        node.exportFailuresRetried = node.exportFailedGeneration;
    }

    private static boolean first(String candidate, String current) {
        return current == null || (candidate != null && candidate.compareTo(current) < 0);
    }
}
