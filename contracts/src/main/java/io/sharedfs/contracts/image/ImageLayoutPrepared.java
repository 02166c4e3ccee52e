package io.sharedfs.contracts.image;

import io.sharedfs.contracts.Require;
import java.util.UUID;

/**
 * The storage host prepared the image's layout ({@code /custom/node}, {@code /custom/ve},
 * {@code /private}).
 *
 * @param imageVersion the {@link ImageSpec#version()} this answer is about; absent from old producers
 */
public record ImageLayoutPrepared(UUID imageId, String storageHost, String rootPath, Long imageVersion)
        implements ImageMessage {

    public ImageLayoutPrepared {
        Require.present(imageId, "imageId");
        Require.text(storageHost, "storageHost");
    }
}
