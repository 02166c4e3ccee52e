package io.sharedfs.contracts.export;

import io.sharedfs.contracts.Require;
import io.sharedfs.contracts.node.NodeMessage;

/**
 * The export analyzer found that this node's exports would break a least-privilege rule, so they are
 * withheld from the applied table (withdrawn, if they were served) until a later attempt of the node;
 * the rest of the table is applied without them.
 *
 * @param attempt the node's attempt (from its NodeAdded) that is quarantined; a later attempt is judged anew
 * @param generation the export table generation whose analysis found it
 * @param rule the analyzer's stable rule name, e.g. {@code not-a-directory}
 * @param reason the finding in words, with the path concerned
 */
public record NodeExportRefused(long veId, long vemId, String address, String storageHost, int attempt,
        long generation, String rule, String reason) implements NodeMessage {

    public NodeExportRefused {
        Require.positive(veId, "veId");
        Require.positive(vemId, "vemId");
        Require.text(storageHost, "storageHost");
        Require.positive(attempt, "attempt");
        Require.text(rule, "rule");
        Require.text(reason, "reason");
    }
}
