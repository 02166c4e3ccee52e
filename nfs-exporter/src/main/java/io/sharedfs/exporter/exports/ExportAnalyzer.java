package io.sharedfs.exporter.exports;

import io.sharedfs.contracts.node.NodeRef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The least-privilege proof: finds every line through which a node could reach another node's
 * private tree or write a shared image, given the lines, the nodes they are meant for and the
 * layout on disk. A table with a finding is never written or applied.
 *
 * <p>It does not trust what the builder meant a line for: each client is looked up by address,
 * each path is placed by its position under the image roots, so a wrong line is found whatever
 * produced it. The isolation it checks rests on three facts, all verified here: a shared image's
 * root is exported read-only with root squashed; {@code <root>/private} is mode 0700 and owned by
 * root; every export has {@code subtree_check}, so nfsd accepts a file handle only if the file
 * lies in the exported subtree <em>and</em> every directory above it up to the export grants the
 * (squashed) client search permission: a guessed handle into a sibling's tree fails at the 0700
 * {@code /private} through the image export, and lies outside the subtree of the node's own
 * exports.
 */
public final class ExportAnalyzer {

    private ExportAnalyzer() {
    }

    /** A broken rule in words, before it is tied to a line. */
    record Problem(String rule, String message) {
    }

    public static List<Finding> analyze(List<ExportLine> lines, List<NodeFacts> nodes, FileSystemProbe probe) {
        return new Run(nodes, probe).analyze(lines);
    }

    /** What is unsafe about options on any line; messages only (used to check configuration at start). */
    public static List<String> optionProblems(ExportOptions options) {
        return optionRules(options).stream().map(Problem::message).toList();
    }

    /** What is unsafe about options on a shared image's root; messages only. */
    public static List<String> sharedRootProblems(ExportOptions options) {
        return sharedImageRules(options).stream().map(Problem::message).toList();
    }

    static List<Problem> optionRules(ExportOptions options) {
        List<Problem> problems = new ArrayList<>();
        if (!options.has("subtree_check") || options.has("no_subtree_check")) {
            problems.add(new Problem("no-subtree-check", "no subtree_check: a client could present file handles"
                    + " for files outside the exported directory (exports(5), Subdirectory Exports)"));
        }
        if (options.has("insecure")) {
            problems.add(new Problem("insecure", "insecure accepts requests from unprivileged ports, so any user"
                    + " on a node could speak NFS as any uid"));
        }
        if (options.has("rw") && options.has("ro")) {
            problems.add(new Problem("ambiguous-options", "both ro and rw"));
        }
        return problems;
    }

    static final String UNSQUASHED_VE_CUSTOM = "root is not squashed on the VE's /custom/ve, which every node of"
            + " the VE shares: one node's root could plant root-owned files (a crontab) that its siblings run";

    static List<Problem> sharedImageRules(ExportOptions options) {
        List<Problem> problems = new ArrayList<>();
        if (options.writable()) {
            problems.add(new Problem("writable-shared-image", "read-write export of a shared image: a node could"
                    + " change what every other node runs"));
        }
        if (!options.squashesRoot()) {
            problems.add(new Problem("unsquashed-shared-image", "root is not squashed on a shared image: a node's"
                    + " root would pass the 0700 /private and reach every sibling's tree"));
        }
        if (options.has("crossmnt") || options.has("nohide")) {
            problems.add(new Problem("crossmnt-shared-image", "crossmnt/nohide on a shared image would expose file"
                    + " systems mounted inside it (such as per-node private dirs) under the image's options"));
        }
        return problems;
    }

    /** One analysis: the nodes indexed by address and by image root. */
    private static final class Run {

        private final FileSystemProbe probe;
        private final Map<String, List<NodeFacts>> byAddress = new HashMap<>();
        private final Map<String, Boolean> rootShared = new HashMap<>();
        private final Map<String, List<NodeFacts>> byRoot = new HashMap<>();
        private final Set<String> rootAncestors = new HashSet<>();
        private final List<Finding> findings = new ArrayList<>();
        private final Set<String> seenLines = new HashSet<>();
        private final Set<String> checkedPrivateRoots = new HashSet<>();
        private final Map<String, Set<String>> nonSharedClients = new LinkedHashMap<>();
        private final Set<String> usedAddresses = new LinkedHashSet<>();
        // Many lines share a client and all share one of a few option sets: judge each once.
        private final Map<String, String> clientProblems = new HashMap<>();
        private final Map<ExportOptions, List<Problem>> optionProblems = new IdentityHashMap<>();

        Run(List<NodeFacts> nodes, FileSystemProbe probe) {
            this.probe = probe;
            for (NodeFacts node : nodes) {
                byAddress.computeIfAbsent(ClientAddress.canonical(node.address()), a -> new ArrayList<>(1)).add(node);
                // A root any node calls shared is treated as shared: the stricter reading wins.
                rootShared.merge(node.imageRoot(), node.shared(), Boolean::logicalOr);
                byRoot.computeIfAbsent(node.imageRoot(), r -> new ArrayList<>()).add(node);
            }
            for (String root : rootShared.keySet()) {
                for (String up = PathRules.parent(root); up != null; up = PathRules.parent(up)) {
                    rootAncestors.add(up);
                }
            }
        }

        List<Finding> analyze(List<ExportLine> lines) {
            for (ExportLine line : lines) {
                line(line);
            }
            sharedAddresses();
            nonSharedImagesWithManyNodes();
            return findings;
        }

        private void line(ExportLine line) {
            String path = line.path();
            String client = line.client();
            String pathProblem = PathRules.problem(path);
            if (pathProblem != null) {
                add("invalid-path", line, "path '" + path + "' " + pathProblem, List.of());
                return;
            }
            String clientProblem = clientProblems.computeIfAbsent(client, c -> {
                String problem = ClientAddress.problem(c);
                return problem == null ? "" : problem;
            });
            clientProblem = clientProblem.isEmpty() ? null : clientProblem;
            if (clientProblem != null) {
                add(clientRule(client), line, path + " is exported to '" + client + "', " + clientProblem
                        + "; only a single node address may be a client", List.of());
                return;
            }
            if (!seenLines.add(path + ' ' + ClientAddress.canonical(client))) {
                add("duplicate-line", line, path + " is exported to " + client + " more than once", List.of());
            }
            NodeFacts owner = owner(client);
            List<NodeRef> ownerRef = owner == null ? List.of() : List.of(owner.node());
            for (Problem problem : optionProblems.computeIfAbsent(line.options(), ExportAnalyzer::optionRules)) {
                add(problem.rule(), line, path + " to " + client + ": " + problem.message(), ownerRef);
            }
            if (owner == null) {
                add("unknown-client", line, path + " is exported to " + client
                        + ", which is not the address of any node in the table", List.of());
                return;
            }
            String root = rootOf(path, owner.imageRoot());
            if (root == null) {
                add("outside-image-roots", line, path + " is not under the root of any image of this storage host",
                        ownerRef);
                return;
            }
            if (rootAncestors.contains(path)) {
                add("covers-image-root", line, path + " contains the root of another image " + nestedRoots(path),
                        ownerRef);
            }
            if (!owner.imageRoot().equals(root)) {
                add("other-image", line, path + " lies in image " + root + " but " + client + " is node "
                        + describe(owner.node()) + " of image " + owner.imageRoot(), ownerRef);
                return;
            }
            String missing = probe.directoryProblem(root, path);
            if (missing != null) {
                add("not-a-directory", line, path + " " + missing, ownerRef);
            }
            if (rootShared.get(root)) {
                sharedImageLine(line, root, owner);
            } else {
                nonSharedClients.computeIfAbsent(root, r -> new LinkedHashSet<>()).add(client);
            }
        }

        private void sharedImageLine(ExportLine line, String root, NodeFacts owner) {
            String path = line.path();
            String relative = path.equals(root) ? "" : path.substring(root.length() + 1);
            if (!relative.equals("private") && !relative.startsWith("private/")) {
                for (Problem problem : sharedImageRules(line.options())) {
                    add(problem.rule(), line, path + " to " + line.client() + ": " + problem.message(),
                            List.of(owner.node()));
                }
                if (relative.isEmpty()) {
                    privateRoot(line, root, owner);
                }
                return;
            }
            String[] segments = relative.split("/", 4);
            if (segments.length == 1) {
                add("covers-sibling-trees", line, path + " holds every node's private tree, yet is exported to node "
                        + describe(owner.node()), withSiblings(owner, root, null));
                return;
            }
            String ve = segments[1];
            if (!ve.equals(Long.toString(owner.veId()))) {
                add("other-ve-tree", line, path + " belongs to VE " + ve + ", yet is exported to node "
                        + describe(owner.node()) + " of VE " + owner.veId(), withSiblings(owner, root, ve));
                return;
            }
            if (segments.length == 2) {
                add("covers-sibling-trees", line, path + " holds the private trees of every node of VE " + ve
                        + ", yet is exported to node " + describe(owner.node()), withSiblings(owner, root, ve));
                return;
            }
            String third = segments[2];
            if (third.equals("custom")) {
                if (!line.options().squashesRoot()) {
                    add("unsquashed-ve-custom", line, path + " to " + line.client() + ": " + UNSQUASHED_VE_CUSTOM,
                            List.of(owner.node()));
                }
                return;
            }
            if (!third.chars().allMatch(Character::isDigit) || third.isEmpty()) {
                add("not-a-node-tree", line, path + " is neither inside a node's private tree nor the VE's custom"
                        + " dir", List.of(owner.node()));
                return;
            }
            if (!third.equals(Long.toString(owner.vemId()))) {
                List<NodeRef> concerned = new ArrayList<>(List.of(owner.node()));
                concerned.add(new NodeRef(owner.veId(), Long.parseLong(third)));
                add("other-node-tree", line, path + " is node " + ve + "/" + third + "'s private tree, yet is exported"
                        + " to node " + describe(owner.node()), concerned);
            }
        }

        private void privateRoot(ExportLine line, String root, NodeFacts owner) {
            if (!checkedPrivateRoots.add(root)) {
                return;
            }
            String problem = probe.privateRootProblem(root);
            if (problem != null) {
                add("private-not-protected", line, root + "/private " + problem + ": through the read-only image"
                        + " export a node could read its siblings' trees", nodeRefs(byRoot.get(root)));
            }
        }

        private void sharedAddresses() {
            for (String address : usedAddresses) {
                List<NodeFacts> nodes = byAddress.get(address);
                if (nodes != null && nodes.size() > 1) {
                    findings.add(new Finding("shared-address", null, address, "address " + address
                            + " belongs to several nodes (" + describeAll(nodes) + "): each would reach the others'"
                            + " trees", nodeRefs(nodes)));
                }
            }
        }

        private void nonSharedImagesWithManyNodes() {
            nonSharedClients.forEach((root, clients) -> {
                if (clients.size() > 1) {
                    findings.add(new Finding("non-shared-image-to-many", root, String.join(" ", clients), "image "
                            + root + " is not shared yet is exported to " + clients.size() + " nodes ("
                            + String.join(", ", clients) + ")", nodeRefs(byRoot.get(root))));
                }
            });
        }

        private NodeFacts owner(String client) {
            String address = ClientAddress.canonical(client);
            usedAddresses.add(address);
            List<NodeFacts> nodes = byAddress.get(address);
            return nodes == null ? null : nodes.get(0);
        }

        /** The nearest image root at or above the path, or null; usually the client's own, tried first. */
        private String rootOf(String path, String likely) {
            if (PathRules.within(path, likely) && !rootAncestors.contains(likely)) {
                return likely;
            }
            for (String up = path; up != null; up = PathRules.parent(up)) {
                if (rootShared.containsKey(up)) {
                    return up;
                }
            }
            return null;
        }

        private List<String> nestedRoots(String path) {
            return rootShared.keySet().stream().filter(root -> PathRules.inside(root, path)).sorted().toList();
        }

        /** The owner first, then the other nodes of the image (of one VE when {@code ve} is given). */
        private List<NodeRef> withSiblings(NodeFacts owner, String root, String ve) {
            List<NodeRef> nodes = new ArrayList<>(List.of(owner.node()));
            for (NodeFacts other : byRoot.getOrDefault(root, List.of())) {
                if (!other.node().equals(owner.node()) && (ve == null || ve.equals(Long.toString(other.veId())))) {
                    nodes.add(other.node());
                }
            }
            return nodes;
        }

        private void add(String rule, ExportLine line, String message, List<NodeRef> nodes) {
            findings.add(new Finding(rule, line.path(), line.client(), message, nodes));
        }

        private static String clientRule(String client) {
            if (client.indexOf('*') >= 0 || client.indexOf('?') >= 0) {
                return "wildcard-client";
            }
            if (client.indexOf('/') >= 0) {
                return "network-client";
            }
            return "not-a-single-address";
        }

        private static List<NodeRef> nodeRefs(List<NodeFacts> nodes) {
            return nodes == null ? List.of() : nodes.stream().map(NodeFacts::node).toList();
        }

        private static String describeAll(List<NodeFacts> nodes) {
            return String.join(", ", nodes.stream().map(node -> describe(node.node())).toList());
        }
    }

    static String describe(NodeRef node) {
        return node.veId() + "/" + node.vemId();
    }
}
