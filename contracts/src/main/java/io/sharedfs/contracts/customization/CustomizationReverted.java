package io.sharedfs.contracts.customization;

import io.sharedfs.contracts.Require;
import io.sharedfs.contracts.image.ImageMessage;
import io.sharedfs.contracts.node.NodeRef;
import java.util.List;
import java.util.UUID;

/**
 * The storage host put the image's original file back.
 *
 * @param restoredNodes nodes whose linked private copy became a regular file again
 */
public record CustomizationReverted(
        UUID imageId,
        UUID customizationId,
        String path,
        String storageHost,
        List<NodeRef> restoredNodes) implements ImageMessage {

    public CustomizationReverted {
        Require.present(imageId, "imageId");
        Require.present(customizationId, "customizationId");
        Require.text(path, "path");
        Require.text(storageHost, "storageHost");
        restoredNodes = Require.list(restoredNodes, "restoredNodes");
    }
}
