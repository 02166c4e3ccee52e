package io.sharedfs.contracts.image;

import io.sharedfs.contracts.Require;
import java.util.UUID;

/**
 * The storage host could not prepare the image's layout; {@code reason} says why in words an
 * operator can act on (missing path, not a directory, a symbolic link, a file in the way).
 */
public record ImageLayoutRejected(UUID imageId, String storageHost, String rootPath, String reason, Long imageVersion)
        implements ImageMessage {

    public ImageLayoutRejected {
        Require.present(imageId, "imageId");
        Require.text(storageHost, "storageHost");
        Require.text(reason, "reason");
    }
}
