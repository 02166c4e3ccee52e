package io.sharedfs.provisioner.worker;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.sharedfs.contracts.EventJson;
import io.sharedfs.contracts.SharedfsMessage;
import io.sharedfs.contracts.customization.CustomizationApplied;
import io.sharedfs.contracts.customization.CustomizationFailed;
import io.sharedfs.contracts.customization.CustomizationReverted;
import io.sharedfs.contracts.node.NodeRef;
import io.sharedfs.messaging.outbox.Outbox;
import io.sharedfs.provisioner.config.ProvisionerConfig;
import io.sharedfs.provisioner.customization.CustomizationFs;
import io.sharedfs.provisioner.customization.TargetLocks;
import io.sharedfs.provisioner.domain.Customization;
import io.sharedfs.provisioner.domain.CustomizationState;
import io.sharedfs.provisioner.fs.ImagePaths;
import io.sharedfs.provisioner.fs.UnsafeTreeException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Does the disk work of one customization or revert. The disk steps look before they act, so after
 * a kill the whole sequence simply runs again; the states that must be visible before the disk is
 * scanned (APPLYING, REVERTING, the revert plan) are committed first, and the outcome is recorded
 * and published in one transaction, so it is published once.
 */
@ApplicationScoped
public class CustomizationRunner {

    private static final Logger LOG = Logger.getLogger(CustomizationRunner.class);

    private final EntityManager entityManager;
    private final Outbox outbox;
    private final ProvisionerConfig config;
    private final TargetLocks locks;

    public CustomizationRunner(EntityManager entityManager, Outbox outbox, ProvisionerConfig config, TargetLocks locks) {
        this.entityManager = entityManager;
        this.outbox = outbox;
        this.config = config;
        this.locks = locks;
    }

    /** The disk steps of a customization as recorded. */
    public CustomizationFs fs(Customization customization) throws UnsafeTreeException {
        return new CustomizationFs(ImagePaths.of(customization.rootPath), customization.customizationId,
                customization.path, customization.scope, customization.dirs(), locks);
    }

    /** Runs what is due for the customization (a copy read in its own transaction). */
    public void run(Customization customization) {
        try {
            switch (customization.state) {
                case PENDING, APPLYING -> apply(customization);
                case REVERT_PENDING, REVERTING -> revert(customization);
                case FAILED -> notApplied(customization);
                default -> LOG.warnf("Customization %s is %s: nothing to do", customization.customizationId,
                        customization.state);
            }
        } catch (IOException | RuntimeException e) {
            retryLater(customization, e);
        }
    }

    private void apply(Customization customization) throws IOException {
        CustomizationFs fs = null;
        CustomizationFs.Copies copies;
        try {
            fs = fs(customization);
            fs.check();
            fs.saveOriginal();
            // Committed before the disk is scanned for VEs and nodes: a tree renamed into place after the
            // scan reads this state and makes its own copy (NodeCustomizations), so none is missed.
            update(customization, row -> {
                if (row.state == CustomizationState.PENDING) {
                    row.state = CustomizationState.APPLYING;
                }
            });
            copies = fs.copy();
            fs.link();
        } catch (UnsafeTreeException e) {
            if (fs != null && fs.imageIsLinked()) {
                // A re-run after the link was made: the image changed, so this is no refusal any more.
                throw new IOException(e.getMessage(), e);
            }
            failed(customization, e.getMessage());
            return;
        }
        CustomizationFs.Linking linking = customization.applyToExisting ? fs.linkExistingNodes()
                : new CustomizationFs.Linking(List.of(), List.of());
        CustomizationApplied applied = new CustomizationApplied(customization.imageId, customization.customizationId,
                customization.path, customization.scope, config.storageHost(), fs.linkTarget(), copies.veCopies(),
                copies.nodeCopies(), linking.linkedNodes(), linking.keptLocalChanges());
        update(customization, row -> {
            finish(row, CustomizationState.APPLIED, applied);
            row.appliedAt = row.updatedAt;
            if (row.revertRequested) {
                row.revertRequested = false;
                row.state = CustomizationState.REVERT_PENDING;
            }
        });
        LOG.infof("Customized %s of image %s (%s): link to %s, %d VE and %d node copies, %d nodes linked, %d kept",
                customization.path, customization.imageId, customization.scope, fs.linkTarget(),
                copies.veCopies().size(), copies.nodeCopies().size(), linking.linkedNodes().size(),
                linking.keptLocalChanges().size());
    }

    private void revert(Customization customization) throws IOException {
        CustomizationFs fs;
        try {
            fs = fs(customization);
            fs.checkRevert();
        } catch (UnsafeTreeException e) {
            revertFailed(customization, e.getMessage());
            return;
        }
        // Committed before the nodes are scanned: a tree renamed into place after the scan reads this
        // state and turns its link into a file on its own.
        update(customization, row -> row.state = CustomizationState.REVERTING);
        List<NodeRef> showing = fs.nodesShowingTheLink();
        List<NodeRef> planned = QuarkusTransaction.requiringNew().call(() -> {
            Customization row = lock(customization);
            Set<String> plan = new LinkedHashSet<>(row.revertPlan);
            showing.forEach(node -> plan.add(Customization.ref(node)));
            row.revertPlan = List.copyOf(plan);
            return row.plannedNodes();
        });
        try {
            fs.restoreImage();
        } catch (UnsafeTreeException e) {
            revertFailed(customization, e.getMessage());
            return;
        }
        List<NodeRef> restored = fs.restoreNodes(planned);
        CustomizationReverted reverted = new CustomizationReverted(customization.imageId,
                customization.customizationId, customization.path, config.storageHost(), restored);
        update(customization, row -> finish(row, CustomizationState.REVERTED, reverted));
        LOG.infof("Reverted %s of image %s: %d nodes got a file again", customization.path, customization.imageId,
                restored.size());
    }

    /** A revert of a customization that failed here: nothing to undo, and image-service is told why. */
    private void notApplied(Customization customization) {
        update(customization, row -> {
            row.revertRequested = false;
            outbox.publish(new CustomizationFailed(row.imageId, row.customizationId, row.path, config.storageHost(),
                    true, "customization " + row.customizationId + " was not applied on this storage host ("
                            + row.reason + "); there is nothing to revert"));
        });
    }

    private void failed(Customization customization, String reason) {
        LOG.warnf("Customization %s of %s in image %s refused: %s", customization.customizationId, customization.path,
                customization.imageId, reason);
        CustomizationFailed failed = new CustomizationFailed(customization.imageId, customization.customizationId,
                customization.path, config.storageHost(), false, reason);
        update(customization, row -> {
            finish(row, CustomizationState.FAILED, failed);
            row.reason = reason;
        });
    }

    private void revertFailed(Customization customization, String reason) {
        LOG.warnf("Revert of customization %s of %s in image %s refused: %s", customization.customizationId,
                customization.path, customization.imageId, reason);
        CustomizationFailed failed = new CustomizationFailed(customization.imageId, customization.customizationId,
                customization.path, config.storageHost(), true, reason);
        update(customization, row -> {
            // Still customized as before (or never was, for a revert of an unknown customization).
            finish(row, row.appliedAt != null ? CustomizationState.APPLIED : CustomizationState.FAILED, failed);
            row.reason = reason;
            row.revertPlan = List.of();
        });
    }

    /** Records the outcome and publishes it, in the caller's transaction. */
    private void finish(Customization row, CustomizationState state, SharedfsMessage outcome) {
        outbox.publish(outcome);
        row.state = state;
        row.result = EventJson.write(outcome);
        row.reason = null;
        row.tries = 0;
        row.updatedAt = Instant.now();
        row.nextRunAt = row.updatedAt;
    }

    /**
     * Puts the customization back with a backoff. Once the retries are used up it fails, unless the
     * image already changed (linked by an apply, restored by a revert): then it keeps trying, since
     * "failed, nothing changed" would be false.
     */
    private void retryLater(Customization customization, Exception e) {
        String reason = e.getClass().getSimpleName() + ": " + e.getMessage();
        int tries = customization.tries + 1;
        if (tries >= config.retry().maxTries() && mayGiveUp(customization)) {
            String gaveUp = "gave up after " + tries + " tries: " + reason;
            if (customization.state == CustomizationState.PENDING || customization.state == CustomizationState.APPLYING) {
                failed(customization, gaveUp);
            } else {
                revertFailed(customization, gaveUp);
            }
            return;
        }
        Duration backoff = config.retry().backoff().multipliedBy(1L << Math.min(tries - 1, 10));
        LOG.warnf("Customization %s failed (%s); try %d in %s", customization.customizationId, reason, tries + 1,
                backoff);
        update(customization, row -> {
            row.tries = tries;
            row.reason = reason;
            row.updatedAt = Instant.now();
            row.nextRunAt = row.updatedAt.plus(backoff);
        });
    }

    private boolean mayGiveUp(Customization customization) {
        try {
            boolean linked = fs(customization).imageIsLinked();
            return switch (customization.state) {
                case PENDING, APPLYING -> !linked;
                case REVERT_PENDING, REVERTING -> linked;
                default -> true;
            };
        } catch (UnsafeTreeException | IOException | RuntimeException e) {
            return false;
        }
    }

    private void update(Customization customization, Consumer<Customization> change) {
        QuarkusTransaction.requiringNew().run(() -> change.accept(lock(customization)));
    }

    private Customization lock(Customization customization) {
        return entityManager.find(Customization.class, customization.customizationId, LockModeType.PESSIMISTIC_WRITE);
    }
}
