package io.sharedfs.provisioner.domain;

import io.sharedfs.contracts.customization.CustomizationRequested;
import io.sharedfs.contracts.customization.CustomizationRevertRequested;
import io.sharedfs.contracts.node.ImageRef;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The customizations of this host's images in the agent's database: requests are recorded as they
 * arrive (the same customization id again records nothing) and the customization worker takes the
 * due ones; node provisioning reads which ones a new tree must follow.
 */
@ApplicationScoped
public class Customizations {

    private static final Logger LOG = Logger.getLogger(Customizations.class);

    private final Event<Recorded> recorded;

    public Customizations(Event<Recorded> recorded) {
        this.recorded = recorded;
    }

    /** Signals the idle worker after the recording transaction committed. */
    public record Recorded() {
    }

    /** Records a requested customization; one already known (redelivered or asked again) is left as it is. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void requested(CustomizationRequested request) {
        if (Customization.findById(request.customizationId()) != null) {
            LOG.infof("Customization %s of %s is known already; nothing to do", request.customizationId(), request.path());
            return;
        }
        Customization customization = of(request.customizationId(), request.path(), request.image());
        customization.scope = request.scope();
        customization.applyToExisting = request.applyToExistingNodes();
        customization.state = CustomizationState.PENDING;
        customization.persist();
        recorded.fire(new Recorded());
    }

    /**
     * Records a revert. An applied customization becomes due for its revert; one still being applied
     * is reverted right after; one never seen here is recorded so that the worker answers why it
     * cannot be reverted.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void revertRequested(CustomizationRevertRequested request) {
        Customization customization = Customization.findById(request.customizationId());
        if (customization == null) {
            customization = of(request.customizationId(), request.path(), request.image());
            customization.scope = request.scope();
            customization.state = CustomizationState.REVERT_PENDING;
            customization.persist();
        } else if (customization.state == CustomizationState.PENDING
                || customization.state == CustomizationState.APPLYING) {
            customization.revertRequested = true;
            return;
        } else if (customization.state == CustomizationState.APPLIED) {
            customization.state = CustomizationState.REVERT_PENDING;
            customization.tries = 0;
            customization.reason = null;
            customization.nextRunAt = Instant.now();
            customization.updatedAt = customization.nextRunAt;
        } else {
            // FAILED answers below; REVERT_PENDING, REVERTING and REVERTED are this request already.
            customization.revertRequested = customization.state == CustomizationState.FAILED;
            if (!customization.revertRequested) {
                return;
            }
        }
        recorded.fire(new Recorded());
    }

    /** The next customization with work due, oldest first; one worker runs them one at a time. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Optional<Customization> nextDue() {
        return Customization.<Customization>find(
                        "(state in ?1 or (state = ?2 and revertRequested = true)) and nextRunAt <= ?3"
                                + " order by nextRunAt, createdAt",
                        CustomizationState.DUE, CustomizationState.FAILED, Instant.now())
                .firstResultOptional();
    }

    /** The customizations of an image at a root, for a tree just built there. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public List<Customization> ofImage(UUID imageId, String rootPath) {
        return Customization.list("imageId = ?1 and rootPath = ?2 order by createdAt", imageId, rootPath);
    }

    private static Customization of(UUID id, String path, ImageRef image) {
        Customization customization = new Customization();
        customization.customizationId = id;
        customization.imageId = image.imageId();
        customization.rootPath = image.rootPath();
        customization.path = path;
        customization.privateDirs = image.privateDirs();
        customization.sharedSubdirs = image.sharedSubdirs();
        customization.ramDirs = image.ramDirs();
        customization.createdAt = Instant.now();
        customization.updatedAt = customization.createdAt;
        customization.nextRunAt = customization.createdAt;
        return customization;
    }
}
