package io.sharedfs.exporter.exports;

import java.util.List;

/**
 * The desired export table of one storage host at one generation: the nodes it includes, in
 * rendering order, and those held back.
 */
public record ExportTable(String storageHost, long generation, List<NodeExports> nodes, List<HeldBack> heldBack) {

    public ExportTable {
        nodes = List.copyOf(nodes);
        heldBack = List.copyOf(heldBack);
    }

    /** Every line, in file order. */
    public List<ExportLine> lines() {
        return nodes.stream().flatMap(node -> node.lines().stream()).toList();
    }

    public int entries() {
        int entries = 0;
        for (NodeExports node : nodes) {
            entries += node.lines().size();
        }
        return entries;
    }
}
