package io.sharedfs.exporter.domain;

/** A CDI event: the desired table of the storage host got a new generation (observed after commit). */
public record TableChanged(String storageHost, long generation) {
}
