package io.sharedfs.ve;

import io.sharedfs.contracts.customization.CustomizationRequested;
import io.sharedfs.contracts.customization.CustomizationRevertRequested;
import io.sharedfs.contracts.customization.CustomizationScope;
import io.sharedfs.contracts.image.ImageSpec;
import io.sharedfs.contracts.node.ImageRef;
import java.util.UUID;

/** Customizations as image-service announces them on sharedfs.images; each call waits until ve-service has it. */
public final class Customizations {

    private Customizations() {
    }

    /** The image as the customization events and CustomFileUploaded carry it. */
    public static ImageRef ref(ImageSpec image) {
        return new ImageRef(image.imageId(), image.storageHost(), image.rootPath(), image.shared(),
                image.privateDirs(), image.sharedSubdirs(), image.ramDirs());
    }

    /** Customizes the path of the image with the scope; returns the customization's id. */
    public static UUID customize(ImageSpec image, String path, CustomizationScope scope) {
        UUID id = UUID.randomUUID();
        Bus.publishAndAwait(requested(id, image, path, scope));
        return id;
    }

    public static CustomizationRequested requested(UUID id, ImageSpec image, String path, CustomizationScope scope) {
        return new CustomizationRequested(id, path, scope, true, ref(image));
    }

    public static CustomizationRevertRequested revertRequested(UUID id, ImageSpec image, String path,
            CustomizationScope scope) {
        return new CustomizationRevertRequested(id, path, scope, ref(image));
    }

    /** Asks to revert the customization. */
    public static void revert(UUID id, ImageSpec image, String path, CustomizationScope scope) {
        Bus.publishAndAwait(revertRequested(id, image, path, scope));
    }
}
