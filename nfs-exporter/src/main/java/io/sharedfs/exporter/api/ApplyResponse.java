package io.sharedfs.exporter.api;

/** What an operator's apply request did, and the table afterwards. */
public record ApplyResponse(Run run, ExportsView exports) {

    /** The run: APPLIED, SKIPPED, FAILED, REFUSED, or RUNNING when it outlasted the request. */
    public record Run(String status, long generation, String message) {
    }
}
