package io.sharedfs.image.api;

import io.sharedfs.contracts.image.ImageStatus;
import io.sharedfs.image.domain.Image;
import io.sharedfs.image.domain.VeUse;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An image as the API shows it: its fields, its status (with the reason when INVALID), its
 * version (also its ETag) and the VEs that use it.
 */
public record ImageView(
        UUID id,
        String name,
        String rootPath,
        String storageHost,
        boolean shared,
        List<String> privateDirs,
        List<String> sharedSubdirs,
        List<String> ramDirs,
        String description,
        ImageStatus status,
        String statusReason,
        long version,
        Instant createdAt,
        Instant updatedAt,
        List<VeUse> usedBy) {

    static ImageView of(Image image, List<VeUse> usedBy) {
        return new ImageView(image.id, image.name, image.rootPath, image.storageHost, image.shared,
                image.privateDirs, image.sharedSubdirs, image.ramDirs, image.description, image.status,
                image.statusReason, image.version, image.createdAt, image.updatedAt, usedBy);
    }
}
