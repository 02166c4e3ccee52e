package io.sharedfs.exporter.exports;

import static io.sharedfs.exporter.exports.Tables.nonShared;
import static io.sharedfs.exporter.exports.Tables.shared;
import static io.sharedfs.exporter.exports.Tables.table;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedfs.contracts.node.NodeRef;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The builder gives each node exactly its own exports, with the options of their kind. */
class TableBuilderTest {

    private static final String WEB = "/srv/images/web";

    @Test
    void aNodeOfASharedImageGetsTheImageReadOnlyAndItsOwnTreesReadWrite() {
        ExportTable table = table(shared(WEB, 10, 3, "10.0.0.3"));

        assertEquals(List.of(
                "/srv/images/web 10.0.0.3(ro,root_squash,subtree_check,secure)",
                "/srv/images/web/private/10/3/etc 10.0.0.3(rw,sync,no_root_squash,subtree_check,secure)",
                "/srv/images/web/private/10/3/tmp 10.0.0.3(rw,sync,no_root_squash,subtree_check,secure)",
                "/srv/images/web/private/10/3/var 10.0.0.3(rw,sync,no_root_squash,subtree_check,secure)",
                "/srv/images/web/private/10/3/custom 10.0.0.3(rw,sync,no_root_squash,subtree_check,secure)",
                "/srv/images/web/private/10/custom 10.0.0.3(rw,sync,root_squash,subtree_check,secure)"),
                table.lines().stream().map(ExportLine::render).toList());
        assertEquals(List.of(ExportKind.IMAGE_ROOT, ExportKind.NODE_PRIVATE, ExportKind.NODE_PRIVATE,
                ExportKind.NODE_PRIVATE, ExportKind.NODE_PRIVATE, ExportKind.VE_CUSTOM),
                table.lines().stream().map(ExportLine::kind).toList());
    }

    @Test
    void aNodeOfANonSharedImageGetsTheWholeImageReadWriteAndNothingElse() {
        ExportTable table = table(nonShared("/srv/images/db", 20, 1, "fd00::21"));

        assertEquals(List.of("/srv/images/db fd00::21(rw,sync,no_root_squash,subtree_check,secure)"),
                table.lines().stream().map(ExportLine::render).toList());
    }

    @Test
    void nodesAreInImageVeAndVemOrderWhateverOrderTheyCameIn() {
        NodeFacts a = shared(WEB, 10, 4, "10.0.0.4");
        NodeFacts b = shared(WEB, 10, 3, "10.0.0.3");
        NodeFacts c = shared("/srv/images/app", 12, 1, "10.0.2.1");
        NodeFacts d = shared(WEB, 9, 7, "10.0.9.7");

        List<NodeRef> order = table(a, b, c, d).nodes().stream().map(NodeExports::node).toList();

        assertEquals(List.of(new NodeRef(12, 1), new NodeRef(9, 7), new NodeRef(10, 3), new NodeRef(10, 4)), order);
        assertEquals(ExportsRenderer.render(table(a, b, c, d)), ExportsRenderer.render(table(d, c, b, a)));
    }

    @Test
    void aNewerNodeWaitsForTheAddressAnOlderNodeStillHolds() {
        NodeFacts leaving = shared(WEB, 10, 3, "10.0.0.3");
        NodeFacts arriving = shared("/srv/images/app", 12, 1, "10.0.0.3");

        ExportTable table = table(leaving, arriving);

        assertEquals(List.of(new NodeRef(10, 3)), table.nodes().stream().map(NodeExports::node).toList());
        assertEquals(new NodeRef(12, 1), table.heldBack().get(0).node());
        assertTrue(table.heldBack().get(0).reason().contains("10.0.0.3 is still exported to node 10/3"),
                table.heldBack().toString());
    }

    @Test
    void aNonSharedImageServesOneNodeTheOthersWait() {
        ExportTable table = table(nonShared("/srv/images/db", 20, 1, "10.0.2.1"),
                nonShared("/srv/images/db", 21, 1, "10.0.2.2"));

        assertEquals(1, table.nodes().size());
        assertEquals(new NodeRef(21, 1), table.heldBack().get(0).node());
    }

    @Test
    void aNodeThatCallsASharedImageNonSharedWaits() {
        ExportTable table = table(shared(WEB, 10, 3, "10.0.0.3"), nonShared(WEB, 30, 1, "10.0.3.1"));

        assertEquals(List.of(new NodeRef(30, 1)), table.heldBack().stream().map(HeldBack::node).toList());
    }

    @Test
    void theSignatureChangesWithTheNodesLinesOnly() {
        NodeExports node = table(shared(WEB, 10, 3, "10.0.0.3")).nodes().get(0);
        NodeExports same = table(shared(WEB, 10, 3, "10.0.0.3"), shared(WEB, 10, 4, "10.0.0.4")).nodes().get(0);
        NodeExports moved = table(shared(WEB, 10, 3, "10.0.0.33")).nodes().get(0);

        assertEquals(node.signature(), same.signature());
        assertNotEquals(node.signature(), moved.signature());
    }
}
