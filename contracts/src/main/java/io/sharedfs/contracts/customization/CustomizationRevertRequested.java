package io.sharedfs.contracts.customization;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.sharedfs.contracts.Require;
import io.sharedfs.contracts.image.ImageMessage;
import io.sharedfs.contracts.node.ImageRef;
import java.util.UUID;

/**
 * An operator asked to undo a customization: the image gets its original file back; the VE and node
 * copies stay on disk (they are data), and nodes whose private copy was linked get a regular file
 * again with the content they saw through the link.
 */
public record CustomizationRevertRequested(
        UUID customizationId,
        String path,
        CustomizationScope scope,
        ImageRef image) implements ImageMessage {

    public CustomizationRevertRequested {
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
