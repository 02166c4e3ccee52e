package io.sharedfs.ve.domain;

import io.quarkus.panache.common.Sort;
import io.sharedfs.contracts.customization.CustomizationScope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The customizations of each image, kept from image-service's CustomizationRequested and
 * CustomizationRevertRequested. ve-service does not learn whether the storage host applied one:
 * an upload for a customization that failed there is written nowhere and reported as a failure.
 */
@ApplicationScoped
public class CustomizationCatalog {

    /** A customization was requested; a known id (a redelivery, or one already reverted) changes nothing. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void requested(UUID customizationId, UUID imageId, String path, CustomizationScope scope) {
        if (ImageCustomization.findById(customizationId) != null) {
            return;
        }
        // image-service keeps at most one live customization per (image, path): a new one means
        // the previous one failed or was reverted, which this service does not hear about otherwise.
        for (ImageCustomization older : live(imageId, path)) {
            older.end(ImageCustomization.Status.SUPERSEDED);
        }
        record(customizationId, imageId, path, scope, ImageCustomization.Status.LIVE);
    }

    /** A revert was requested: from now on the file takes no uploads. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void revertRequested(UUID customizationId, UUID imageId, String path, CustomizationScope scope) {
        ImageCustomization customization = ImageCustomization.findById(customizationId);
        if (customization == null) {
            // Recorded anyway, so the request arriving late can never make it live.
            record(customizationId, imageId, path, scope, ImageCustomization.Status.REVERTED);
        } else if (customization.status == ImageCustomization.Status.LIVE) {
            customization.end(ImageCustomization.Status.REVERTED);
        }
    }

    /** The live customizations of the path on the image (normally at most one). */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<ImageCustomization> live(UUID imageId, String path) {
        return ImageCustomization.list("imageId = ?1 and path = ?2 and status = ?3", Sort.by("requestedAt"),
                imageId, path, ImageCustomization.Status.LIVE);
    }

    private static void record(UUID customizationId, UUID imageId, String path, CustomizationScope scope,
            ImageCustomization.Status status) {
        ImageCustomization customization = new ImageCustomization();
        customization.customizationId = customizationId;
        customization.imageId = imageId;
        customization.path = path;
        customization.scope = scope;
        customization.status = status;
        customization.requestedAt = Instant.now();
        customization.endedAt = status == ImageCustomization.Status.LIVE ? null : customization.requestedAt;
        customization.persist();
    }
}
