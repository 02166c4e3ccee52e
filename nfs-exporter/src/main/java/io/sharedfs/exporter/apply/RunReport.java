package io.sharedfs.exporter.apply;

import java.time.Duration;

/**
 * What one apply attempt did.
 *
 * @param changes how many generations this attempt covered since the previous one (how busy the
 *        host is, for the coalescing window)
 * @param retryIn when a retry of a failed attempt is due; null when none is pending
 */
public record RunReport(Status status, long generation, long changes, String message, Duration retryIn) {

    /** How an attempt ended. */
    public enum Status {
        /** Nothing to do: the table was applied already and no retry is due. */
        IDLE,
        /** Another instance holds the host's apply lock. */
        BUSY,
        /** The apply command accepted the table. */
        APPLIED,
        /** The table was written; the apply command is {@code skip}. */
        SKIPPED,
        /** Writing or the apply command failed; the previous file is back. */
        FAILED,
        /** The analyzer found a way for a node to reach what it must not; nothing was written. */
        REFUSED
    }

    public static RunReport idle(Duration retryIn) {
        return new RunReport(Status.IDLE, -1, 0, null, retryIn);
    }

    public static RunReport busy() {
        return new RunReport(Status.BUSY, -1, 0, "another instance is applying this storage host's table", null);
    }

    public boolean failed() {
        return status == Status.FAILED || status == Status.REFUSED;
    }

    public boolean ran() {
        return status != Status.IDLE && status != Status.BUSY;
    }
}
