package io.sharedfs.provisioner.worker;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.sharedfs.contracts.provisioning.InitVemHookRan;
import io.sharedfs.contracts.provisioning.NodeProvisioned;
import io.sharedfs.contracts.provisioning.NodeProvisioningFailed;
import io.sharedfs.contracts.provisioning.PrivateTreeCreated;
import io.sharedfs.contracts.provisioning.PrivateTreePurged;
import io.sharedfs.messaging.outbox.Outbox;
import io.sharedfs.provisioner.config.ProvisionerConfig;
import io.sharedfs.provisioner.domain.Job;
import io.sharedfs.provisioner.domain.JobKind;
import io.sharedfs.provisioner.domain.JobQueue;
import io.sharedfs.provisioner.domain.JobState;
import io.sharedfs.provisioner.domain.NodeRecord;
import io.sharedfs.provisioner.fs.Durable;
import io.sharedfs.provisioner.fs.ImagePaths;
import io.sharedfs.provisioner.fs.TreeBuilder;
import io.sharedfs.provisioner.fs.UnsafeTreeException;
import io.sharedfs.provisioner.hook.HookResult;
import io.sharedfs.provisioner.hook.HookRunner;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Runs one job. Every step that changes the disk is recorded (with the event that reports it) in
 * its own transaction once done, and the hook is recorded as started before it starts, so a re-run
 * after a crash or a redelivery never copies twice and never runs the hook twice.
 */
@ApplicationScoped
public class JobRunner {

    private static final Logger LOG = Logger.getLogger(JobRunner.class);

    private final JobQueue queue;
    private final Outbox outbox;
    private final ProvisionerConfig config;
    private final NodeCustomizations customizations;

    public JobRunner(JobQueue queue, Outbox outbox, ProvisionerConfig config, NodeCustomizations customizations) {
        this.queue = queue;
        this.outbox = outbox;
        this.config = config;
        this.customizations = customizations;
    }

    public void run(Job job) {
        try {
            if (job.kind == JobKind.PROVISION) {
                provision(job);
            } else {
                purge(job);
            }
        } catch (UnsafeTreeException e) {
            fail(job, e.getMessage());
        } catch (IOException | RuntimeException e) {
            retryLater(job, e);
        }
    }

    private void provision(Job job) throws UnsafeTreeException, IOException {
        if (!job.shared) {
            // A non-shared image is exported whole to its one node: no tree, no hook.
            provisioned(job, null);
            return;
        }
        ImagePaths image = ImagePaths.of(job.rootPath);
        TreeBuilder.Built built = TreeBuilder.build(image, staging(image), job.veId, job.vemId, job.layout());
        // Only now that the tree is in place: a customization applied from here on sees it on disk.
        customizations.ensure(job, built.created());
        // One commit for both: the tree is reported and the hook marked started before it starts.
        String hookPlan = QuarkusTransaction.requiringNew().call(() -> {
            recordTree(job, built);
            return planHook(job);
        });
        if (hookPlan.equals(NodeRecord.HOOK_SUCCEEDED)) {
            provisioned(job, built.tree());
        } else if (hookPlan.equals(NodeRecord.HOOK_RUNNING)) {
            HookResult result;
            try {
                result = runHook(image, job);
            } catch (InterruptedException e) {
                // Stopping: the job stays RUNNING with the hook started and unfinished, which the next
                // start reports as an interrupted hook (never a timeout, never a second run).
                LOG.warn(e.getMessage());
                Thread.currentThread().interrupt();
                return;
            }
            QuarkusTransaction.requiringNew().run(() -> recordHook(job, result, built.tree()));
        } else {
            fail(job, "the init_vem hook was interrupted by a restart of node-provisioner before it finished;"
                    + " retry the node to run it again");
        }
    }

    private HookResult runHook(ImagePaths image, Job job) throws InterruptedException {
        try {
            return HookRunner.run(image, job.veId, job.vemId, config.hook().timeout(), config.hook().outputCap());
        } catch (IOException e) {
            // Recorded as a result, not retried: the hook is marked started and must not run twice.
            return HookResult.notStarted(e.getMessage());
        }
    }

    private void recordTree(Job job, TreeBuilder.Built built) {
        NodeRecord record = NodeRecord.findById(new NodeRecord.Key(job.veId, job.vemId));
        if (record == null) {
            record = new NodeRecord();
            record.veId = job.veId;
            record.vemId = job.vemId;
            record.persist();
        }
        record.rootPath = job.rootPath;
        record.treePath = built.tree().toString();
        if (record.treeReportedAttempt < job.attempt) {
            record.treeReportedAttempt = job.attempt;
            outbox.publish(new PrivateTreeCreated(job.veId, job.vemId, job.attempt, built.tree().toString(),
                    built.paths(), built.stats().files(), built.stats().bytes(), built.stats().skipped()));
        }
    }

    /**
     * Decides about the hook: SUCCEEDED (it already ran well: skip it), RUNNING (run it now; recorded
     * as started first), or FAILED (it was started by this attempt and never finished: a crash).
     */
    private String planHook(Job job) {
        NodeRecord record = NodeRecord.findById(new NodeRecord.Key(job.veId, job.vemId));
        if (record.hookState.equals(NodeRecord.HOOK_SUCCEEDED)) {
            return NodeRecord.HOOK_SUCCEEDED;
        }
        if (record.hookState.equals(NodeRecord.HOOK_RUNNING) && record.hookAttempt == job.attempt) {
            record.hookState = NodeRecord.HOOK_FAILED;
            return NodeRecord.HOOK_FAILED;
        }
        record.hookState = NodeRecord.HOOK_RUNNING;
        record.hookAttempt = job.attempt;
        record.hookRuns++;
        return NodeRecord.HOOK_RUNNING;
    }

    private void recordHook(Job job, HookResult result, Path tree) {
        NodeRecord record = NodeRecord.findById(new NodeRecord.Key(job.veId, job.vemId));
        boolean fine = result.succeeded() || (!config.hook().failOnError() && result.outcome()
                != io.sharedfs.contracts.provisioning.HookOutcome.REFUSED);
        record.hookState = result.succeeded() ? NodeRecord.HOOK_SUCCEEDED : NodeRecord.HOOK_FAILED;
        outbox.publish(new InitVemHookRan(job.veId, job.vemId, job.attempt, result.outcome(), result.exitCode(),
                result.detail(), result.durationMillis(), result.outputTail(), result.truncated()));
        Job locked = queue.lock(job.id);
        if (fine) {
            if (!result.succeeded()) {
                LOG.warnf("init_vem of VE %d failed for node %d (%s); configured to only warn", job.veId, job.vemId,
                        result.detail());
            }
            outbox.publish(new NodeProvisioned(job.veId, job.vemId, job.attempt, job.imageId, config.storageHost(),
                    tree.toString()));
            queue.finish(locked, JobState.DONE, null);
        } else {
            // Every detail names init_vem already ("init_vem exited with status 3").
            String reason = result.detail() == null ? "init_vem failed" : result.detail();
            outbox.publish(new NodeProvisioningFailed(job.veId, job.vemId, job.attempt, reason));
            queue.finish(locked, JobState.FAILED, reason);
        }
    }

    private void provisioned(Job job, Path tree) {
        QuarkusTransaction.requiringNew().run(() -> {
            outbox.publish(new NodeProvisioned(job.veId, job.vemId, job.attempt, job.imageId, config.storageHost(),
                    tree == null ? null : tree.toString()));
            queue.finish(queue.lock(job.id), JobState.DONE, null);
        });
    }

    private void purge(Job job) throws UnsafeTreeException, IOException {
        Path tree = null;
        if (job.shared) {
            ImagePaths image = ImagePaths.of(job.rootPath);
            tree = image.nodeTree(job.veId, job.vemId);
            if (Files.exists(tree, LinkOption.NOFOLLOW_LINKS)) {
                image.requireNoLinks(tree);
                // Out of the image in one rename first, so no half-deleted tree is ever in place.
                Path staging = staging(image);
                TreeBuilder.ensureStaging(image, staging);
                Path doomed = Files.createTempDirectory(staging, "purge-" + job.veId + "-" + job.vemId + "-");
                Files.move(tree, doomed.resolve("tree"), StandardCopyOption.ATOMIC_MOVE);
                Durable.syncDirectory(tree.getParent());
                Durable.deleteTree(doomed);
            }
        }
        Path purged = tree;
        QuarkusTransaction.requiringNew().run(() -> {
            NodeRecord record = NodeRecord.findById(new NodeRecord.Key(job.veId, job.vemId));
            if (record != null) {
                record.purged = true;
            }
            outbox.publish(new PrivateTreePurged(job.veId, job.vemId, config.storageHost(),
                    purged == null ? null : purged.toString()));
            queue.finish(queue.lock(job.id), JobState.DONE, null);
        });
    }

    private void fail(Job job, String reason) {
        LOG.errorf("Job %d (%s of node %d/%d) failed: %s", job.id, job.kind, job.veId, job.vemId, reason);
        QuarkusTransaction.requiringNew().run(() -> {
            if (job.kind == JobKind.PROVISION) {
                outbox.publish(new NodeProvisioningFailed(job.veId, job.vemId, job.attempt, reason));
            }
            queue.finish(queue.lock(job.id), JobState.FAILED, reason);
        });
    }

    private void retryLater(Job job, Exception e) {
        String reason = e.getClass().getSimpleName() + ": " + e.getMessage();
        int tries = job.tries + 1;
        if (tries >= config.retry().maxTries()) {
            fail(job, "gave up after " + tries + " tries: " + reason);
            return;
        }
        Duration backoff = config.retry().backoff().multipliedBy(1L << Math.min(tries - 1, 16));
        LOG.warnf("Job %d failed (%s); try %d of %d in %s", job.id, reason, tries, config.retry().maxTries(), backoff);
        QuarkusTransaction.requiringNew().run(() -> {
            Job locked = queue.lock(job.id);
            locked.tries = tries;
            queue.later(locked, reason, backoff);
        });
    }

    /** Where this image's trees are built. */
    public Path staging(ImagePaths image) {
        return config.stagingDir().map(Path::of).orElse(image.defaultStaging());
    }
}
