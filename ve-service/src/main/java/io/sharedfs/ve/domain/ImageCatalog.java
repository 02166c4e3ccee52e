package io.sharedfs.ve.domain;

import io.sharedfs.contracts.image.ImageSpec;
import io.sharedfs.service.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.UUID;

/** The images ve-service knows of, kept from image events. */
@ApplicationScoped
public class ImageCatalog {

    /** Records an image's state unless a newer version is already known. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void update(ImageSpec spec) {
        ImageProjection image = ImageProjection.findById(spec.imageId());
        if (image == null) {
            image = new ImageProjection();
            image.apply(spec);
            image.persist();
        } else if (spec.version() >= image.version && !image.deleted) {
            image.apply(spec);
        }
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void deleted(UUID imageId) {
        ImageProjection image = ImageProjection.findById(imageId);
        if (image != null) {
            image.deleted = true;
        }
    }

    /** The image a request names; 422 when no such image is known. */
    @Transactional(Transactional.TxType.MANDATORY)
    public ImageProjection require(UUID imageId, String field) {
        if (imageId == null) {
            throw ProblemException.invalid(field, "required", field + " is required");
        }
        ImageProjection image = ImageProjection.findById(imageId);
        if (image == null || image.deleted) {
            throw ProblemException.unprocessable(field, "existing-image", "no image with id " + imageId
                    + " is known (it may be registered but not yet seen by ve-service; try again shortly)");
        }
        return image;
    }

    /** The image of an existing VE, even if it was deleted since. */
    @Transactional(Transactional.TxType.MANDATORY)
    public ImageProjection of(Ve ve) {
        ImageProjection image = ImageProjection.findById(ve.imageId);
        if (image == null) {
            throw new IllegalStateException("VE " + ve.id + " names unknown image " + ve.imageId);
        }
        return image;
    }
}
