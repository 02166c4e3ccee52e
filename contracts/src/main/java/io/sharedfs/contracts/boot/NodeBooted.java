package io.sharedfs.contracts.boot;

import io.sharedfs.contracts.Require;
import io.sharedfs.contracts.node.NodeMessage;
import java.time.Instant;

/**
 * A node reported a stage of its boot to its storage host's nfs-exporter, from the address the node
 * has in the export table.
 *
 * @param reportedAt when nfs-exporter received the report (the node's own clock is not trusted)
 */
public record NodeBooted(long veId, long vemId, String address, String storageHost, BootStage stage,
        Instant reportedAt) implements NodeMessage {

    public NodeBooted {
        Require.positive(veId, "veId");
        Require.positive(vemId, "vemId");
        Require.text(address, "address");
        Require.text(storageHost, "storageHost");
        Require.present(stage, "stage");
        Require.present(reportedAt, "reportedAt");
    }
}
