package io.sharedfs.contracts.ve;

import io.sharedfs.contracts.Require;
import java.util.Set;
import java.util.UUID;

/** A VE changed; carries its full new state and the names of the fields that changed. */
public record VeUpdated(
        long veId, String name, UUID imageId, boolean multiServer, String description, Set<String> changedFields)
        implements VeMessage {

    public VeUpdated {
        Require.positive(veId, "veId");
        Require.text(name, "name");
        Require.present(imageId, "imageId");
        changedFields = Require.set(changedFields, "changedFields");
    }
}
