package io.sharedfs.exporter.exports;

import io.sharedfs.contracts.node.NodeRef;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the desired export table from the nodes that are ready to export; pure logic.
 *
 * <p>Two nodes never share an address and a non-shared image never serves two nodes: when the
 * events of a node that leaves and of one that arrives cross (they travel on different VEs'
 * partitions), the older node keeps the address or the image and the newer one is held back
 * until the older one is withdrawn, instead of handing it the older node's trees.
 */
public final class TableBuilder {

    private static final Comparator<Candidate> SENIORITY = Comparator.comparingLong(Candidate::activatedGeneration)
            .thenComparingLong(candidate -> candidate.facts().veId())
            .thenComparingLong(candidate -> candidate.facts().vemId());
    private static final Comparator<NodeExports> FILE_ORDER = Comparator
            .comparing((NodeExports node) -> node.facts().imageRoot(), PathRules::compare)
            .thenComparingLong(node -> node.facts().veId())
            .thenComparingLong(node -> node.facts().vemId());

    private TableBuilder() {
    }

    /** A node ready to export and the generation in which it first became ready (older wins). */
    public record Candidate(NodeFacts facts, long activatedGeneration) {
    }

    public static ExportTable build(String storageHost, long generation, List<Candidate> candidates,
            OptionSets options) {
        List<Candidate> bySeniority = new ArrayList<>(candidates);
        bySeniority.sort(SENIORITY);
        Map<String, NodeRef> addresses = new HashMap<>();
        Map<String, RootUse> roots = new HashMap<>();
        List<NodeExports> included = new ArrayList<>(candidates.size());
        List<HeldBack> heldBack = new ArrayList<>();
        for (Candidate candidate : bySeniority) {
            NodeFacts facts = candidate.facts();
            String conflict = conflict(facts, addresses, roots);
            if (conflict != null) {
                heldBack.add(new HeldBack(facts.node(), conflict));
                continue;
            }
            addresses.put(facts.address(), facts.node());
            roots.putIfAbsent(facts.imageRoot(), new RootUse(facts.shared(), facts.node()));
            included.add(new NodeExports(facts, lines(facts, options)));
        }
        included.sort(FILE_ORDER);
        return new ExportTable(storageHost, generation, included, heldBack);
    }

    /** The lines of one node, in file order. */
    public static List<ExportLine> lines(NodeFacts facts, OptionSets options) {
        List<ExportLine> lines = new ArrayList<>();
        String client = facts.address();
        if (!facts.shared()) {
            lines.add(line(facts.imageRoot(), client, options, ExportKind.NON_SHARED_ROOT));
            return lines;
        }
        lines.add(line(facts.imageRoot(), client, options, ExportKind.IMAGE_ROOT));
        String tree = facts.privateTree();
        facts.privateDirs().stream().sorted(PathRules::compare)
                .forEach(dir -> lines.add(line(tree + dir, client, options, ExportKind.NODE_PRIVATE)));
        lines.add(line(tree + "/custom", client, options, ExportKind.NODE_PRIVATE));
        lines.add(line(facts.veCustom(), client, options, ExportKind.VE_CUSTOM));
        return lines;
    }

    private static ExportLine line(String path, String client, OptionSets options, ExportKind kind) {
        return new ExportLine(path, client, options.of(kind), kind);
    }

    private static String conflict(NodeFacts facts, Map<String, NodeRef> addresses, Map<String, RootUse> roots) {
        NodeRef holder = addresses.get(facts.address());
        if (holder != null) {
            return "address " + facts.address() + " is still exported to node " + describe(holder)
                    + "; this node waits until that one is withdrawn";
        }
        RootUse use = roots.get(facts.imageRoot());
        if (use == null) {
            return null;
        }
        if (!use.shared()) {
            return "image " + facts.imageRoot() + " is not shared and is exported to node " + describe(use.first())
                    + "; a non-shared image runs one node";
        }
        if (!facts.shared()) {
            return "image " + facts.imageRoot() + " is exported as a shared image (to node " + describe(use.first())
                    + ") but this node's events call it not shared";
        }
        return null;
    }

    static String describe(NodeRef node) {
        return node.veId() + "/" + node.vemId();
    }

    private record RootUse(boolean shared, NodeRef first) {
    }
}
