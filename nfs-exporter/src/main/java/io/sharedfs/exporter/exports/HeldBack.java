package io.sharedfs.exporter.exports;

import io.sharedfs.contracts.node.NodeRef;

/** A node that is ready to export but waits, and why (e.g. its address still belongs to an older node). */
public record HeldBack(NodeRef node, String reason) {
}
