package io.sharedfs.exporter.domain;

import java.time.Instant;

/**
 * A storage host's table generation and how applying it last went.
 *
 * @param lastResult APPLIED, SKIPPED, FAILED or REFUSED; null before the first attempt
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
}
