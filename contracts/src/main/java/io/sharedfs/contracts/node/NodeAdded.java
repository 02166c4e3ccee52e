package io.sharedfs.contracts.node;

import io.sharedfs.contracts.Require;

/**
 * ve-service accepted a node; the agents provision and export it.
 *
 * @param attempt 1 for the first add, one more for each operator retry; a redelivery keeps it
 */
public record NodeAdded(
        long veId, long vemId, String hostname, String address, String mac, int attempt, ImageRef image)
        implements NodeMessage {

    public NodeAdded {
        Require.positive(veId, "veId");
        Require.positive(vemId, "vemId");
        Require.text(hostname, "hostname");
        Require.text(address, "address");
        Require.positive(attempt, "attempt");
        Require.present(image, "image");
    }
}
