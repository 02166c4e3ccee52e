package io.sharedfs.ve.domain;

import java.io.Serializable;

/** A node's identity: its VE and its VEM id. */
public record NodeId(long veId, long vemId) implements Serializable {

    /** JPA needs a no-argument constructor for an id class. */
    public NodeId() {
        this(0, 0);
    }
}
