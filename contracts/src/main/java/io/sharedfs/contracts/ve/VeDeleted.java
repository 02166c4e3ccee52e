package io.sharedfs.contracts.ve;

import io.sharedfs.contracts.Require;
import java.util.UUID;

/** A VE without nodes was deleted. */
public record VeDeleted(long veId, String name, UUID imageId) implements VeMessage {

    public VeDeleted {
        Require.positive(veId, "veId");
    }
}
