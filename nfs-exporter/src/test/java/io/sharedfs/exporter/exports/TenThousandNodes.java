package io.sharedfs.exporter.exports;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A realistic big storage host: 10,000 nodes, mostly of four shared images in 100-node VEs,
 * some on non-shared images of their own, half of the addresses IPv6.
 */
final class TenThousandNodes {

    static final int NODES = 10_000;
    static final int NON_SHARED = 40;
    /** Image root, 3 private dirs, the node's custom dir and the VE's custom dir. */
    static final int LINES_PER_SHARED_NODE = 6;

    private TenThousandNodes() {
    }

    static List<NodeFacts> nodes() {
        List<NodeFacts> nodes = new ArrayList<>(NODES);
        for (int i = 0; i < NODES - NON_SHARED; i++) {
            String root = "/srv/images/farm" + (i % 4);
            long ve = 100 + i / 100;
            long vem = 1 + i % 100;
            nodes.add(Tables.shared(root, ve, vem, address(i)));
        }
        for (int i = NODES - NON_SHARED; i < NODES; i++) {
            nodes.add(Tables.nonShared("/srv/images/single" + i, 5000 + i, 1, address(i)));
        }
        return nodes;
    }

    static int expectedEntries() {
        return (NODES - NON_SHARED) * LINES_PER_SHARED_NODE + NON_SHARED;
    }

    private static String address(int i) {
        return i % 2 == 0 ? "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255)
                : "fd00::" + Integer.toHexString(i);
    }

    /** Every node has exactly its block of lines in the file, and nothing else is exported. */
    static void assertEveryNodeOnce(String file) {
        Map<String, Integer> linesPerClient = new HashMap<>();
        int blocks = 0;
        for (String line : file.split("\n")) {
            if (line.startsWith("# node ")) {
                blocks++;
            } else if (!line.isEmpty() && !line.startsWith("#")) {
                String client = line.substring(line.indexOf(' ') + 1, line.indexOf('('));
                linesPerClient.merge(client, 1, Integer::sum);
            }
        }
        assertEquals(NODES, blocks);
        assertEquals(NODES, linesPerClient.size());
        for (int i = 0; i < NODES; i++) {
            int expected = i < NODES - NON_SHARED ? LINES_PER_SHARED_NODE : 1;
            assertEquals(expected, linesPerClient.get(address(i)), address(i));
        }
    }
}
