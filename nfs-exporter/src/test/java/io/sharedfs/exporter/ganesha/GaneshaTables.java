package io.sharedfs.exporter.ganesha;

import io.sharedfs.contracts.node.NodeRef;
import io.sharedfs.exporter.config.ExporterConfig;
import io.sharedfs.exporter.exports.ExportOptions;
import io.sharedfs.exporter.exports.ExportTable;
import io.sharedfs.exporter.exports.NodeFacts;
import io.sharedfs.exporter.exports.OptionSets;
import io.sharedfs.exporter.exports.TableBuilder;
import java.util.ArrayList;
import java.util.List;

/** Nodes and proven-shape tables for the Ganesha tests. */
final class GaneshaTables {

    static final OptionSets OPTIONS = new OptionSets(
            ExportOptions.parse(ExporterConfig.Options.IMAGE_ROOT, "image-root"),
            ExportOptions.parse(ExporterConfig.Options.NODE_PRIVATE, "node-private"),
            ExportOptions.parse(ExporterConfig.Options.VE_CUSTOM, "ve-custom"),
            ExportOptions.parse(ExporterConfig.Options.NON_SHARED_ROOT, "non-shared-root"));
    static final PseudoPaths PSEUDO = new PseudoPaths("/sharedfs");

    private GaneshaTables() {
    }

    static NodeFacts shared(String root, long ve, long vem, String address) {
        return new NodeFacts(new NodeRef(ve, vem), address, root, true, List.of("/var", "/etc", "/tmp"),
                List.of("/var/lib/rpm"), List.of("/var/run"));
    }

    static NodeFacts nonShared(String root, long ve, long vem, String address) {
        return new NodeFacts(new NodeRef(ve, vem), address, root, false, List.of("/var", "/etc", "/tmp"),
                List.of(), List.of());
    }

    /** The table of these nodes at some generation, the first the most senior. */
    static ExportTable table(long generation, NodeFacts... nodes) {
        List<TableBuilder.Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < nodes.length; i++) {
            candidates.add(new TableBuilder.Candidate(nodes[i], i + 1));
        }
        return TableBuilder.build("nfs1", generation, candidates, OPTIONS);
    }
}
