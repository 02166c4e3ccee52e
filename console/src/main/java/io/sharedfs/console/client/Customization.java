package io.sharedfs.console.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A customized file of an image as image-service shows it: where the image's link points, what the storage host did
 * (copies made, nodes linked, nodes whose own changes it kept), and where it stands. Unknown fields are ignored.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Customization(UUID id, UUID imageId, String path, String scope, String linkTarget,
        boolean applyToExistingNodes, String status, String reason, List<Long> veCopies, List<NodeRef> nodeCopies,
        List<NodeRef> linkedNodes, List<NodeRef> keptLocalChanges, List<NodeRef> restoredNodes,
        Instant requestedAt, Instant updatedAt) {

    public Customization {
        veCopies = veCopies == null ? List.of() : veCopies;
        nodeCopies = nodeCopies == null ? List.of() : nodeCopies;
        linkedNodes = linkedNodes == null ? List.of() : linkedNodes;
        keptLocalChanges = keptLocalChanges == null ? List.of() : keptLocalChanges;
        restoredNodes = restoredNodes == null ? List.of() : restoredNodes;
    }

    /** Whether the storage host is still working on it, so the page keeps asking. */
    public boolean inProgress() {
        return "REQUESTED".equals(status) || "REVERTING".equals(status);
    }

    /** Whether it may be reverted: applied, or a revert that failed and may be tried again. */
    public boolean revertable() {
        return "APPLIED".equals(status) || "REVERT_FAILED".equals(status);
    }

    /** Whether the storage host's report of what it did (copies, links) applies: it was applied at some point. */
    public boolean applied() {
        return "APPLIED".equals(status) || "REVERTING".equals(status) || "REVERT_FAILED".equals(status)
                || "REVERTED".equals(status);
    }

    /** One node, named as VE and VEM. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record NodeRef(long veId, long vemId) {
    }
}
