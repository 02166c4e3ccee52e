package io.sharedfs.contracts.boot;

import io.sharedfs.contracts.Require;
import io.sharedfs.contracts.node.NodeMessage;
import java.time.Instant;

/**
 * A node reported that its boot stopped (a mount failed, or the mount table could not be used),
 * from the address the node has in the export table.
 *
 * @param error what the node said, as it said it (bounded and stripped of control characters)
 * @param reportedAt when nfs-exporter received the report
 */
public record NodeBootFailed(long veId, long vemId, String address, String storageHost, String error,
        Instant reportedAt) implements NodeMessage {

    public NodeBootFailed {
        Require.positive(veId, "veId");
        Require.positive(vemId, "vemId");
        Require.text(address, "address");
        Require.text(storageHost, "storageHost");
        Require.text(error, "error");
        Require.present(reportedAt, "reportedAt");
    }
}
