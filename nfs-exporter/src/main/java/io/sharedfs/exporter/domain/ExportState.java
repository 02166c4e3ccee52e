package io.sharedfs.exporter.domain;

import java.time.Instant;

/**
 * A storage host's table generation and how applying it last went.
 *
 * @param lastResult APPLIED, SKIPPED, FAILED, REFUSED, or RUNNING while an attempt is under way
 *        (seen by the next holder of the apply lock only if that attempt died); null before the first
 * @param heldBack one "VE/VEM reason" per line
 */
public record ExportState(
        String storageHost,
        long generation,
        long appliedGeneration,
        Instant appliedAt,
        int appliedEntries,
        long lastGeneration,
        String lastResult,
        String lastMessage,
        Long lastDurationMillis,
        Instant lastFinishedAt,
        int consecutiveFailures,
        String reportedFailure,
        String heldBack) {

    public boolean lastFailed() {
        return "FAILED".equals(lastResult) || "REFUSED".equals(lastResult);
    }

    /** An attempt began and recorded no outcome: its instance died while holding the lock. */
    public boolean lastAttemptDied() {
        return "RUNNING".equals(lastResult);
    }
}
