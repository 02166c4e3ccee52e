package io.sharedfs.contracts.provisioning;

import io.sharedfs.contracts.Require;
import io.sharedfs.contracts.node.NodeMessage;
import java.util.List;

/**
 * node-provisioner built a node's private tree and moved it into place.
 *
 * @param treePath the tree on the storage host, {@code <root>/private/<VE>/<VEM>}
 * @param paths the directories the tree holds, in node view ({@code /var}, {@code /custom/node}, …)
 * @param skippedSpecialFiles special files found in the image and not copied
 */
public record PrivateTreeCreated(
        long veId,
        long vemId,
        int attempt,
        String treePath,
        List<String> paths,
        long files,
        long bytes,
        List<SpecialFile> skippedSpecialFiles) implements NodeMessage {

    public PrivateTreeCreated {
        Require.positive(veId, "veId");
        Require.positive(vemId, "vemId");
        Require.positive(attempt, "attempt");
        Require.text(treePath, "treePath");
        Require.notNegative(files, "files");
        Require.notNegative(bytes, "bytes");
        paths = Require.list(paths, "paths");
        skippedSpecialFiles = Require.list(skippedSpecialFiles, "skippedSpecialFiles");
    }
}
