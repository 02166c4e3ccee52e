package io.sharedfs.contracts.image;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.sharedfs.contracts.Require;
import java.util.UUID;

/** An operator registered an FS image. */
public record ImageRegistered(ImageSpec image) implements ImageMessage {

    public ImageRegistered {
        Require.present(image, "image");
    }

    @JsonIgnore
    @Override
    public UUID imageId() {
        return image.imageId();
    }
}
