package io.sharedfs.exporter.exports;

import io.sharedfs.contracts.node.NodeRef;
import java.util.List;

/**
 * What the export table and the mount table need to know about one node: who it is, its address,
 * and its image as the node's own events described it.
 */
public record NodeFacts(
        NodeRef node,
        String address,
        String imageRoot,
        boolean shared,
        List<String> privateDirs,
        List<String> sharedSubdirs,
        List<String> ramDirs) {

    public NodeFacts {
        privateDirs = List.copyOf(privateDirs);
        sharedSubdirs = List.copyOf(sharedSubdirs);
        ramDirs = List.copyOf(ramDirs);
    }

    public long veId() {
        return node.veId();
    }

    public long vemId() {
        return node.vemId();
    }

    /** {@code <root>/private/<VE>/<VEM>}: the node's private tree. */
    public String privateTree() {
        return imageRoot + "/private/" + node.veId() + "/" + node.vemId();
    }

    /** {@code <root>/private/<VE>/custom}: the VE's {@code /custom/ve}. */
    public String veCustom() {
        return imageRoot + "/private/" + node.veId() + "/custom";
    }
}
