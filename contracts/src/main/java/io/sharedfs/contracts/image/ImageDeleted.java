package io.sharedfs.contracts.image;

import io.sharedfs.contracts.Require;
import java.util.UUID;

/** An image was removed from the registry (its files on the storage host are left alone). */
public record ImageDeleted(UUID imageId, String name, String storageHost, String rootPath) implements ImageMessage {

    public ImageDeleted {
        Require.present(imageId, "imageId");
    }
}
