package io.sharedfs.exporter.exports;

import io.sharedfs.contracts.node.NodeRef;
import io.sharedfs.exporter.config.ExporterConfig;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Hand-made nodes, tables and file systems for the pure-logic tests. */
final class Tables {

    static final String HOST = "nfs1";
    static final OptionSets DEFAULT_OPTIONS = new OptionSets(
            ExportOptions.parse(ExporterConfig.Options.IMAGE_ROOT, "image-root"),
            ExportOptions.parse(ExporterConfig.Options.NODE_PRIVATE, "node-private"),
            ExportOptions.parse(ExporterConfig.Options.VE_CUSTOM, "ve-custom"),
            ExportOptions.parse(ExporterConfig.Options.NON_SHARED_ROOT, "non-shared-root"));

    private Tables() {
    }

    /** A node of a shared image laid out like the spec's example. */
    static NodeFacts shared(String root, long ve, long vem, String address) {
        return new NodeFacts(new NodeRef(ve, vem), address, root, true, List.of("/var", "/etc", "/tmp"),
                List.of("/var/lib/rpm"), List.of("/var/run"));
    }

    static NodeFacts nonShared(String root, long ve, long vem, String address) {
        return new NodeFacts(new NodeRef(ve, vem), address, root, false, List.of("/var", "/etc", "/tmp"),
                List.of("/var/lib/rpm"), List.of("/var/run"));
    }

    /** The table of these nodes, the first one the most senior. */
    static ExportTable table(NodeFacts... nodes) {
        return table(List.of(nodes));
    }

    static ExportTable table(List<NodeFacts> nodes) {
        List<TableBuilder.Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            candidates.add(new TableBuilder.Candidate(nodes.get(i), i + 1));
        }
        return TableBuilder.build(HOST, 7, candidates, DEFAULT_OPTIONS);
    }

    static ExportLine line(String path, String client, String options) {
        return new ExportLine(path, client, ExportOptions.parse(options, "test"), ExportKind.NODE_PRIVATE);
    }

    /** The table's lines with one more. */
    static List<ExportLine> plus(ExportTable table, ExportLine extra) {
        List<ExportLine> lines = new ArrayList<>(table.lines());
        lines.add(extra);
        return lines;
    }

    /** A storage host on which every directory exists and every /private is 0700 root. */
    static FakeDisk disk() {
        return new FakeDisk();
    }

    /** A file system probe with the problems the test plants. */
    static final class FakeDisk implements FileSystemProbe {

        private final Set<String> missing = new HashSet<>();
        private String privateProblem;

        FakeDisk missing(String path) {
            missing.add(path);
            return this;
        }

        FakeDisk privateRoot(String problem) {
            privateProblem = problem;
            return this;
        }

        @Override
        public String directoryProblem(String imageRoot, String path) {
            return missing.contains(path) ? "is not exportable: " + path + " does not exist" : null;
        }

        @Override
        public String privateRootProblem(String imageRoot) {
            return privateProblem;
        }
    }
}
