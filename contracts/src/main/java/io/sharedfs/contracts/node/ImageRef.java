package io.sharedfs.contracts.node;

import io.sharedfs.contracts.Require;
import java.util.List;
import java.util.UUID;

/** What the storage-host agents need to know about a node's image, carried in node events. */
public record ImageRef(
        UUID imageId,
        String storageHost,
        String rootPath,
        boolean shared,
        List<String> privateDirs,
        List<String> sharedSubdirs,
        List<String> ramDirs) {

    public ImageRef {
        Require.present(imageId, "image.imageId");
        Require.text(storageHost, "image.storageHost");
        Require.text(rootPath, "image.rootPath");
        privateDirs = Require.list(privateDirs, "image.privateDirs");
        sharedSubdirs = Require.list(sharedSubdirs, "image.sharedSubdirs");
        ramDirs = Require.list(ramDirs, "image.ramDirs");
    }
}
