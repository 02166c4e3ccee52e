package io.sharedfs.exporter.exports;

import io.sharedfs.contracts.node.NodeRef;
import java.util.List;

/**
 * A reason the analyzer refuses a table: which rule, on which line, and the nodes concerned (the
 * client's node and any whose trees the line would expose).
 */
public record Finding(String rule, String path, String client, String message, List<NodeRef> nodes) {

    public Finding {
        nodes = List.copyOf(nodes);
    }

    @Override
    public String toString() {
        return rule + ": " + message;
    }
}
