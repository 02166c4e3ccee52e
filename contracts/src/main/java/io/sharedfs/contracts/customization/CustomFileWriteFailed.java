package io.sharedfs.contracts.customization;

import io.sharedfs.contracts.Require;
import io.sharedfs.contracts.ve.VeMessage;

/** The storage host could not write an uploaded customized file; {@code reason} says why. */
public record CustomFileWriteFailed(
        long veId,
        Long vemId,
        String path,
        long revision,
        String storageHost,
        String reason) implements VeMessage {

    public CustomFileWriteFailed {
        Require.positive(veId, "veId");
        if (vemId != null) {
            Require.positive(vemId, "vemId");
        }
        Require.text(path, "path");
        Require.positive(revision, "revision");
        Require.text(storageHost, "storageHost");
        Require.text(reason, "reason");
    }
}
