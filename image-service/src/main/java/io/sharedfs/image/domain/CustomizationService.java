package io.sharedfs.image.domain;

import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.sharedfs.contracts.customization.CustomizationApplied;
import io.sharedfs.contracts.customization.CustomizationFailed;
import io.sharedfs.contracts.customization.CustomizationRequested;
import io.sharedfs.contracts.customization.CustomizationRevertRequested;
import io.sharedfs.contracts.customization.CustomizationReverted;
import io.sharedfs.contracts.customization.CustomizationScope;
import io.sharedfs.contracts.image.ImageStatus;
import io.sharedfs.messaging.outbox.Outbox;
import io.sharedfs.service.http.ETags;
import io.sharedfs.service.problem.ProblemException;
import io.sharedfs.service.problem.Violation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * An image's customizations: requested and reverted by operators, moved on by the storage host's
 * answers. Requests lock the image first, then the customization, so they are serialised with the
 * image's own changes; an answer that does not fit the current state never moves it backwards.
 */
@ApplicationScoped
public class CustomizationService {

    private static final Logger LOG = Logger.getLogger(CustomizationService.class);

    private final Outbox outbox;
    private final EntityManager entityManager;

    public CustomizationService(Outbox outbox, EntityManager entityManager) {
        this.outbox = outbox;
        this.entityManager = entityManager;
    }

    /** A page of the image's customizations, newest first, optionally only those in {@code status}. */
    @Transactional
    public CustomizationList list(UUID imageId, CustomizationStatus status, int page, int size) {
        requireImage(imageId);
        String query = "imageId = :image" + (status == null ? "" : " and status = :status");
        Parameters parameters = Parameters.with("image", imageId);
        if (status != null) {
            parameters.and("status", status);
        }
        var found = Customization.<Customization>find(query, Sort.descending("requestedAt", "id"), parameters)
                .page(Page.of(page, size));
        return new CustomizationList(found.list(), found.count());
    }

    @Transactional
    public Customization get(UUID imageId, UUID customizationId) {
        requireImage(imageId);
        return find(imageId, customizationId, LockModeType.NONE);
    }

    /**
     * Records a customization as REQUESTED and asks the image's storage host to apply it
     * (CustomizationRequested, same transaction).
     */
    @Transactional
    public Customization request(UUID imageId, String path, String scopeName, boolean applyToExistingNodes) {
        Image image = lockImage(imageId);
        List<Violation> violations = CustomizationRules.check(path, scopeName);
        if (!violations.isEmpty()) {
            throw ProblemException.invalid(violations);
        }
        checkCustomizable(image);
        Customization live = Customization.<Customization>find("imageId = ?1 and path = ?2 and status in ?3",
                imageId, path, CustomizationStatus.LIVE).firstResult();
        if (live != null) {
            throw ProblemException.conflict("path", "one-live-per-path", "customization " + live.id + " of " + path
                    + " on image " + image.name + " is " + live.status + "; revert it (DELETE /images/" + imageId
                    + "/customizations/" + live.id + ") before customizing the file again");
        }
        CustomizationScope scope = CustomizationRules.scope(scopeName);
        Customization customization = new Customization();
        customization.id = UUID.randomUUID();
        customization.imageId = imageId;
        customization.path = path;
        customization.scope = scope;
        customization.linkTarget = scope.linkTarget(path);
        customization.applyToExistingNodes = applyToExistingNodes;
        customization.status = CustomizationStatus.REQUESTED;
        customization.requestedAt = Instant.now();
        customization.updatedAt = customization.requestedAt;
        customization.version = 1;
        customization.persist();
        outbox.publish(new CustomizationRequested(customization.id, path, scope, applyToExistingNodes, image.toRef()));
        return customization;
    }

    /**
     * Moves an APPLIED (or REVERT_FAILED) customization to REVERTING and asks the storage host to
     * give the image its original file back (CustomizationRevertRequested, same transaction).
     */
    @Transactional
    public Customization revert(UUID imageId, UUID customizationId, String ifMatch) {
        Image image = lockImage(imageId);
        Customization customization = find(imageId, customizationId, LockModeType.PESSIMISTIC_WRITE);
        ETags.check(ifMatch, customization.version);
        switch (customization.status) {
            case APPLIED, REVERT_FAILED -> { }
            case REQUESTED, REVERTING -> throw ProblemException.conflict("status", "revertable",
                    "customization " + customizationId + " is " + customization.status
                            + ": wait for the storage host's answer, then revert it if it is APPLIED");
            default -> throw ProblemException.conflict("status", "revertable", "customization " + customizationId
                    + " is " + customization.status + ": the image has its original file, nothing to revert");
        }
        customization.moveTo(CustomizationStatus.REVERTING, null);
        outbox.publish(new CustomizationRevertRequested(customization.id, customization.path, customization.scope,
                image.toRef()));
        return customization;
    }

    /** The storage host customized the file: REQUESTED becomes APPLIED with what it did. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void applied(CustomizationApplied answer) {
        Customization customization = answered(answer.imageId(), answer.customizationId(), answer.storageHost(),
                "CustomizationApplied", Set.of(CustomizationStatus.REQUESTED));
        if (customization == null) {
            return;
        }
        customization.veCopies = List.copyOf(answer.veCopies());
        customization.nodeCopies = Customization.stored(answer.nodeCopies());
        customization.linkedNodes = Customization.stored(answer.linkedNodes());
        customization.keptLocalChanges = Customization.stored(answer.keptLocalChanges());
        customization.moveTo(CustomizationStatus.APPLIED, null);
    }

    /**
     * The storage host refused: a request becomes FAILED, a revert REVERT_FAILED (the file is still
     * customized), each with the reason.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void failed(CustomizationFailed answer) {
        CustomizationStatus from = answer.revert() ? CustomizationStatus.REVERTING : CustomizationStatus.REQUESTED;
        Customization customization = answered(answer.imageId(), answer.customizationId(), answer.storageHost(),
                "CustomizationFailed(revert=" + answer.revert() + ")", Set.of(from));
        if (customization != null) {
            customization.moveTo(answer.revert() ? CustomizationStatus.REVERT_FAILED : CustomizationStatus.FAILED,
                    answer.reason());
        }
    }

    /**
     * The storage host put the original file back: REVERTED with the nodes it restored. Also from
     * REVERT_FAILED: an earlier attempt's failure may be reported after a later attempt began.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void reverted(CustomizationReverted answer) {
        Customization customization = answered(answer.imageId(), answer.customizationId(), answer.storageHost(),
                "CustomizationReverted", Set.of(CustomizationStatus.REVERTING, CustomizationStatus.REVERT_FAILED));
        if (customization != null) {
            customization.restoredNodes = Customization.stored(answer.restoredNodes());
            customization.moveTo(CustomizationStatus.REVERTED, null);
        }
    }

    /** The customization an answer may move, locked; null (logged) when the answer is to be ignored. */
    private Customization answered(UUID imageId, UUID customizationId, String storageHost, String what,
            Set<CustomizationStatus> from) {
        Customization customization = entityManager.find(Customization.class, customizationId,
                LockModeType.PESSIMISTIC_WRITE);
        if (customization == null || !customization.imageId.equals(imageId)) {
            LOG.infof("Ignoring %s for customization %s of image %s: no such customization of that image", what,
                    customizationId, imageId);
            return null;
        }
        // The image cannot move while the customization is live, so its host is the one that was asked.
        Image image = entityManager.find(Image.class, imageId);
        if (image == null || !image.storageHost.equals(storageHost)) {
            LOG.warnf("Ignoring %s for customization %s from storage host %s: image %s lives on %s", what,
                    customizationId, storageHost, imageId, image == null ? "no host" : image.storageHost);
            return null;
        }
        if (!from.contains(customization.status)) {
            LOG.infof("Ignoring %s for customization %s: it is %s (a late or repeated answer)", what,
                    customizationId, customization.status);
            return null;
        }
        return customization;
    }

    private static void checkCustomizable(Image image) {
        if (!image.shared) {
            throw ProblemException.conflict("shared", "image-shared", "image " + image.name
                    + " is not shared; customizations are for shared images: tick its shared checkbox"
                    + " (PATCH {\"shared\": true}) and wait until it is READY");
        }
        if (image.status != ImageStatus.READY) {
            String todo = image.status == ImageStatus.INVALID
                    ? " (" + image.statusReason + "); fix the image and save it again, then wait until it is READY"
                    : "; wait until its storage host has prepared the layout and the image is READY";
            throw ProblemException.conflict("status", "image-ready",
                    "image " + image.name + " is " + image.status + todo);
        }
    }

    private Image lockImage(UUID imageId) {
        Image image = entityManager.find(Image.class, imageId, LockModeType.PESSIMISTIC_WRITE);
        if (image == null) {
            throw ProblemException.notFound("no image with id " + imageId);
        }
        return image;
    }

    private void requireImage(UUID imageId) {
        if (entityManager.find(Image.class, imageId) == null) {
            throw ProblemException.notFound("no image with id " + imageId);
        }
    }

    private Customization find(UUID imageId, UUID customizationId, LockModeType lock) {
        Customization customization = entityManager.find(Customization.class, customizationId, lock);
        if (customization == null || !customization.imageId.equals(imageId)) {
            throw ProblemException.notFound("no customization " + customizationId + " of image " + imageId);
        }
        return customization;
    }

    /** One page of customizations and how many match in all. */
    public record CustomizationList(List<Customization> items, long total) {
    }
}
