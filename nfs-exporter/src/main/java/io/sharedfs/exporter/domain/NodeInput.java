package io.sharedfs.exporter.domain;

import io.sharedfs.contracts.node.ImageRef;
import io.sharedfs.exporter.exports.ClientAddress;
import io.sharedfs.exporter.exports.PathRules;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks what a node event would write into an exports line or a mount table; pure logic.
 * Everything here reaches a file as root, so it is checked strictly, not escaped.
 */
public final class NodeInput {

    private NodeInput() {
    }

    /** Every problem with the address and the image's paths; empty when they are usable. */
    public static List<String> problems(String address, ImageRef image) {
        List<String> problems = new ArrayList<>();
        String addressProblem = ClientAddress.problem(address);
        if (addressProblem != null) {
            problems.add("address '" + address + "' is " + addressProblem);
        }
        String rootProblem = PathRules.problem(image.rootPath());
        if (rootProblem != null) {
            problems.add("image.rootPath '" + image.rootPath() + "' " + rootProblem);
        }
        directories("image.privateDirs", image.privateDirs(), problems);
        directories("image.sharedSubdirs", image.sharedSubdirs(), problems);
        directories("image.ramDirs", image.ramDirs(), problems);
        return problems;
    }

    private static void directories(String field, List<String> dirs, List<String> problems) {
        for (String dir : dirs) {
            String problem = PathRules.directoryProblem(dir);
            if (problem != null) {
                problems.add(field + " '" + dir + "' " + problem);
            }
        }
    }
}
