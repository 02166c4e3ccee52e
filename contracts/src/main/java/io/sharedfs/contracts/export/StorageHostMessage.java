package io.sharedfs.contracts.export;

import io.sharedfs.contracts.Keys;
import io.sharedfs.contracts.SharedfsMessage;
import io.sharedfs.contracts.Subjects;

/** A message about a whole storage host's export table: keyed by the host name. */
public interface StorageHostMessage extends SharedfsMessage {

    String storageHost();

    @Override
    default String partitionKey() {
        return Keys.storageHost(storageHost());
    }

    @Override
    default String subject() {
        return Subjects.storageHost(storageHost());
    }
}
