package io.sharedfs.exporter.api;

import java.time.Instant;
import java.util.List;

/**
 * The storage host's export table as installed, the generation wanted, and how applying went.
 *
 * @param generation the latest generation of the desired table
 * @param appliedGeneration the last generation the apply command accepted
 * @param pending whether the desired table is ahead of the applied one
 * @param lines the export lines of the installed file, in file order
 */
public record ExportsView(
        String storageHost,
        String file,
        String applyCommand,
        long generation,
        long appliedGeneration,
        Instant appliedAt,
        boolean pending,
        int entries,
        List<String> lines,
        LastApply lastApply,
        List<HeldBackNode> heldBack) {

    /**
     * The last attempt.
     *
     * @param result APPLIED, SKIPPED (apply-command is skip), FAILED or REFUSED (an analyzer finding)
     */
    public record LastApply(long generation, String result, Instant finishedAt, Long durationMillis, String message,
            int consecutiveFailures) {
    }

    /** A node ready to export that waits, and why. */
    public record HeldBackNode(long veId, long vemId, String reason) {
    }
}
