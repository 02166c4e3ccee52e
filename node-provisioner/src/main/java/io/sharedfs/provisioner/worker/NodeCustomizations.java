package io.sharedfs.provisioner.worker;

import io.sharedfs.provisioner.customization.CustomizationFs;
import io.sharedfs.provisioner.domain.CustomFiles;
import io.sharedfs.provisioner.domain.Customization;
import io.sharedfs.provisioner.domain.CustomizationState;
import io.sharedfs.provisioner.domain.Customizations;
import io.sharedfs.provisioner.domain.Job;
import io.sharedfs.provisioner.fs.UnsafeTreeException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Gives a node whose tree is in place what the image's customizations give every node: its VE's or
 * its own starting copy, the link in a tree copied from the image before its file became the link
 * (or a file again in one copied before a revert restored it), and the uploads that waited for the
 * tree. It reads the database only after the tree's rename, and customizations commit their state
 * before they scan the disk, so each tree is handled by one or the other (or both: every step is
 * create-no-replace or looks first).
 */
@ApplicationScoped
public class NodeCustomizations {

    private static final Logger LOG = Logger.getLogger(NodeCustomizations.class);

    private final Customizations customizations;
    private final CustomFiles files;
    private final CustomizationRunner runner;

    public NodeCustomizations(Customizations customizations, CustomFiles files, CustomizationRunner runner) {
        this.customizations = customizations;
        this.files = files;
        this.runner = runner;
    }

    /**
     * Runs after the node's tree is in place (built now or found from an earlier run). A copy already
     * there is fine; an unusable custom dir is only warned about; I/O errors go to the job's retries.
     *
     * @param treeCreated whether the tree was built by this run (only such a tree is still the image's copy)
     */
    public void ensure(Job job, boolean treeCreated) throws IOException {
        List<Customization> all = customizations.ofImage(job.imageId, job.rootPath);
        for (Customization customization : all) {
            try {
                if (CustomizationState.HOLDING.contains(customization.state)) {
                    follow(customization, job, treeCreated);
                } else if (treeCreated && CustomizationState.UNDONE.contains(customization.state)
                        && !superseded(customization, all)) {
                    runner.fs(customization).restoreNode(job.veId, job.vemId);
                }
            } catch (UnsafeTreeException e) {
                LOG.warnf("Customization %s of %s skipped for node %d/%d: %s", customization.customizationId,
                        customization.path, job.veId, job.vemId, e.getMessage());
            }
        }
        files.writePending(job.veId, job.vemId);
    }

    private void follow(Customization customization, Job job, boolean treeCreated)
            throws UnsafeTreeException, IOException {
        CustomizationFs fs = runner.fs(customization);
        switch (customization.scope) {
            case VE -> fs.ensureVeCopy(job.veId);
            case NODE -> fs.ensureNodeCopy(job.veId, job.vemId);
            case ALL -> {
                // One copy for all, made when the customization was applied.
            }
        }
        if (treeCreated) {
            fs.linkNewNode(job.veId, job.vemId);
        }
    }

    /** Whether a later customization of the same file took over (its link is not this one's to undo). */
    private static boolean superseded(Customization customization, List<Customization> all) {
        return all.stream().anyMatch(other -> other.path.equals(customization.path)
                && other.createdAt.isAfter(customization.createdAt) && other.state != CustomizationState.FAILED);
    }
}
