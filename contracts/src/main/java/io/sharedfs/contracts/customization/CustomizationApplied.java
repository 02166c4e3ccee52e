package io.sharedfs.contracts.customization;

import io.sharedfs.contracts.Require;
import io.sharedfs.contracts.image.ImageMessage;
import io.sharedfs.contracts.node.NodeRef;
import java.util.List;
import java.util.UUID;

/**
 * The storage host customized the file: the image now holds a link to {@code linkTarget}.
 *
 * @param veCopies VEs that got the starting content in their {@code /custom/ve} (scope VE)
 * @param nodeCopies nodes that got the starting content in their {@code /custom/node} (scope NODE)
 * @param linkedNodes existing nodes whose private copy now is the link too
 * @param keptLocalChanges existing nodes whose private copy differed from the image's file: kept as it was
 */
public record CustomizationApplied(
        UUID imageId,
        UUID customizationId,
        String path,
        CustomizationScope scope,
        String storageHost,
        String linkTarget,
        List<Long> veCopies,
        List<NodeRef> nodeCopies,
        List<NodeRef> linkedNodes,
        List<NodeRef> keptLocalChanges) implements ImageMessage {

    public CustomizationApplied {
        Require.present(imageId, "imageId");
        Require.present(customizationId, "customizationId");
        Require.text(path, "path");
        Require.present(scope, "scope");
        Require.text(storageHost, "storageHost");
        Require.text(linkTarget, "linkTarget");
        veCopies = Require.list(veCopies, "veCopies");
        nodeCopies = Require.list(nodeCopies, "nodeCopies");
        linkedNodes = Require.list(linkedNodes, "linkedNodes");
        keptLocalChanges = Require.list(keptLocalChanges, "keptLocalChanges");
    }
}
