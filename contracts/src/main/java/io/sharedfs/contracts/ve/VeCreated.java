package io.sharedfs.contracts.ve;

import io.sharedfs.contracts.Require;
import java.util.UUID;

/** An operator created a VE on an image. */
public record VeCreated(long veId, String name, UUID imageId, boolean multiServer, String description)
        implements VeMessage {

    public VeCreated {
        Require.positive(veId, "veId");
        Require.text(name, "name");
        Require.present(imageId, "imageId");
    }
}
