package io.sharedfs.contracts.ve;

import io.sharedfs.contracts.Keys;
import io.sharedfs.contracts.SharedfsMessage;
import io.sharedfs.contracts.Subjects;

/** A message about one VE or one of its nodes: keyed by VE id so one VE's messages stay in order. */
public interface VeMessage extends SharedfsMessage {

    long veId();

    @Override
    default String partitionKey() {
        return Keys.ve(veId());
    }

    @Override
    default String subject() {
        return Subjects.ve(veId());
    }
}
