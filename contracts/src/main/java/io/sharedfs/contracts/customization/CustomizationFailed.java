package io.sharedfs.contracts.customization;

import io.sharedfs.contracts.Require;
import io.sharedfs.contracts.image.ImageMessage;
import java.util.UUID;

/**
 * The storage host could not customize (or, when {@code revert}, restore) the file; {@code reason}
 * says why in words an operator can act on (no such file, not a regular file, a link on the way).
 * Nothing was changed in the image.
 */
public record CustomizationFailed(
        UUID imageId,
        UUID customizationId,
        String path,
        String storageHost,
        boolean revert,
        String reason) implements ImageMessage {

    public CustomizationFailed {
        Require.present(imageId, "imageId");
        Require.present(customizationId, "customizationId");
        Require.text(path, "path");
        Require.text(storageHost, "storageHost");
        Require.text(reason, "reason");
    }
}
