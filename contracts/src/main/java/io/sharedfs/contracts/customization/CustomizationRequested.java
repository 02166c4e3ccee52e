package io.sharedfs.contracts.customization;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.sharedfs.contracts.Require;
import io.sharedfs.contracts.image.ImageMessage;
import io.sharedfs.contracts.node.ImageRef;
import java.util.UUID;

/**
 * An operator asked to customize one file of an image: the storage host keeps the image's current
 * file as the starting content of every copy and replaces it in the image with a link to the
 * node's view ({@link CustomizationScope#linkTarget}).
 *
 * @param applyToExistingNodes also replace the file in existing nodes' private copies, except
 *     where a node changed it locally
 * @param image what the storage host needs to know about the image
 */
public record CustomizationRequested(
        UUID customizationId,
        String path,
        CustomizationScope scope,
        boolean applyToExistingNodes,
        ImageRef image) implements ImageMessage {

    public CustomizationRequested {
        Require.present(customizationId, "customizationId");
        Require.present(scope, "scope");
        CustomizationPath.check(path, scope);
        Require.present(image, "image");
    }

    @JsonIgnore
    @Override
    public UUID imageId() {
        return image.imageId();
    }
}
