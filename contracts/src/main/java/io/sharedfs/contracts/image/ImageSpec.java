package io.sharedfs.contracts.image;

import io.sharedfs.contracts.Require;
import java.util.List;
import java.util.UUID;

/**
 * The full state of one FS image as image events carry it, so a consumer never has to ask
 * image-service for anything.
 *
 * @param version increases with every change, so a consumer can ignore a stale answer
 * @param status the storage host's last answer; absent from old producers
 * @param statusReason why the image is INVALID
 */
public record ImageSpec(
        UUID imageId,
        String name,
        String rootPath,
        String storageHost,
        boolean shared,
        List<String> privateDirs,
        List<String> sharedSubdirs,
        List<String> ramDirs,
        String description,
        long version,
        ImageStatus status,
        String statusReason) {

    public ImageSpec {
        Require.present(imageId, "imageId");
        Require.text(name, "name");
        Require.text(rootPath, "rootPath");
        Require.text(storageHost, "storageHost");
        privateDirs = Require.list(privateDirs, "privateDirs");
        sharedSubdirs = Require.list(sharedSubdirs, "sharedSubdirs");
        ramDirs = Require.list(ramDirs, "ramDirs");
    }
}
