package io.sharedfs.exporter.domain;

/**
 * A CDI event: fewer nodes of the storage host await their tree although the table did not change
 * (a tree was reported failed), so unapplied changes may not need to wait any longer (observed
 * after commit).
 */
public record BacklogChanged(String storageHost) {
}
