package io.sharedfs.contracts.node;

import io.sharedfs.contracts.Subjects;
import io.sharedfs.contracts.ve.VeMessage;

/** A message about one node (VEM) of a VE; keyed by its VE id. */
public interface NodeMessage extends VeMessage {

    long vemId();

    @Override
    default String subject() {
        return Subjects.node(veId(), vemId());
    }
}
