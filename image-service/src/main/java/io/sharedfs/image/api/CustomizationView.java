package io.sharedfs.image.api;

import io.sharedfs.contracts.customization.CustomizationScope;
import io.sharedfs.contracts.node.NodeRef;
import io.sharedfs.image.domain.Customization;
import io.sharedfs.image.domain.CustomizationStatus;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A customization as the API shows it: the request, where the image's link points, its status (with
 * the storage host's reason when it failed), what the storage host reported doing, its version (also
 * its ETag) and its own URL.
 */
public record CustomizationView(
        UUID id,
        UUID imageId,
        String path,
        CustomizationScope scope,
        String linkTarget,
        boolean applyToExistingNodes,
        CustomizationStatus status,
        String reason,
        List<Long> veCopies,
        List<NodeRef> nodeCopies,
        List<NodeRef> linkedNodes,
        List<NodeRef> keptLocalChanges,
        List<NodeRef> restoredNodes,
        Instant requestedAt,
        Instant updatedAt,
        long version,
        URI self) {

    static CustomizationView of(Customization c, URI self) {
        return new CustomizationView(c.id, c.imageId, c.path, c.scope, c.linkTarget, c.applyToExistingNodes,
                c.status, c.reason, c.veCopies, Customization.nodes(c.nodeCopies), Customization.nodes(c.linkedNodes),
                Customization.nodes(c.keptLocalChanges), Customization.nodes(c.restoredNodes), c.requestedAt,
                c.updatedAt, c.version, self);
    }
}
