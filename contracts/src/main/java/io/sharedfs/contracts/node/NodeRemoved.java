package io.sharedfs.contracts.node;

import io.sharedfs.contracts.Require;

/**
 * ve-service removes a node: its exports are withdrawn; with {@code purge} its private tree is
 * deleted once they are gone.
 */
public record NodeRemoved(long veId, long vemId, String hostname, String address, boolean purge, ImageRef image)
        implements NodeMessage {

    public NodeRemoved {
        Require.positive(veId, "veId");
        Require.positive(vemId, "vemId");
        Require.present(image, "image");
    }
}
