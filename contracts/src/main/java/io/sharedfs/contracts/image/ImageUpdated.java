package io.sharedfs.contracts.image;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.sharedfs.contracts.Require;
import java.util.Set;
import java.util.UUID;

/**
 * An image changed; carries its full new state and the names of the fields that changed
 * (the {@link ImageSpec} component names, e.g. {@code shared}, {@code rootPath}).
 */
public record ImageUpdated(ImageSpec image, Set<String> changedFields) implements ImageMessage {

    public ImageUpdated {
        Require.present(image, "image");
        changedFields = Require.set(changedFields, "changedFields");
    }

    @JsonIgnore
    @Override
    public UUID imageId() {
        return image.imageId();
    }
}
