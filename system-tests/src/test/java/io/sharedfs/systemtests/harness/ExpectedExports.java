package io.sharedfs.systemtests.harness;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The exports lines a node of a shared image should have, with the default option sets. */
public final class ExpectedExports {

    public static final String IMAGE_ROOT = "ro,root_squash,subtree_check,secure";
    public static final String NODE_PRIVATE = "rw,sync,no_root_squash,subtree_check,secure";
    public static final String VE_CUSTOM = "rw,sync,root_squash,subtree_check,secure";

    private ExpectedExports() {
    }

    /**
     * The image root read-only, each private dir and {@code /custom/node} of the node's own tree and
     * its VE's {@code /custom/ve}, all to the node's address alone.
     */
    public static List<String> of(Path imageRoot, long veId, long vemId, String address) {
        Path tree = imageRoot.resolve("private").resolve(Long.toString(veId)).resolve(Long.toString(vemId));
        List<String> lines = new ArrayList<>();
        lines.add(imageRoot + " " + address + "(" + IMAGE_ROOT + ")");
        for (String dir : List.of("etc", "tmp", "var", "custom")) {
            lines.add(tree.resolve(dir) + " " + address + "(" + NODE_PRIVATE + ")");
        }
        lines.add(imageRoot.resolve("private").resolve(Long.toString(veId)).resolve("custom") + " " + address + "("
                + VE_CUSTOM + ")");
        return lines;
    }

    /** The lines that name this address as their client. */
    public static List<String> forAddress(List<String> lines, String address) {
        return lines.stream().filter(line -> line.contains(" " + address + "(")).toList();
    }

    /** Lines that occur more than once. */
    public static List<String> duplicates(List<String> lines) {
        Set<String> seen = new HashSet<>();
        return lines.stream().filter(line -> !seen.add(line)).toList();
    }
}
