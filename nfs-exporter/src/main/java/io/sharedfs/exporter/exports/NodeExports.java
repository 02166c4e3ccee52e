package io.sharedfs.exporter.exports;

import io.sharedfs.contracts.node.NodeRef;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** A node's lines in the export table. */
public record NodeExports(NodeFacts facts, List<ExportLine> lines) {

    public NodeExports {
        lines = List.copyOf(lines);
    }

    public NodeRef node() {
        return facts.node();
    }

    /** The exported paths, in line order (what NodeExported reports). */
    public List<String> paths() {
        return lines.stream().map(ExportLine::path).toList();
    }

    /**
     * A digest of the node's lines: when it differs from the one applied last, the node's
     * inclusion changed (new, new address, new paths or options) and NodeExported is published again.
     */
    public String signature() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (ExportLine line : lines) {
                digest.update(line.render().getBytes(StandardCharsets.UTF_8));
                digest.update((byte) '\n');
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
