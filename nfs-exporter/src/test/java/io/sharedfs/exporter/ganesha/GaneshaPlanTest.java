package io.sharedfs.exporter.ganesha;

import static io.sharedfs.exporter.ganesha.GaneshaTables.PSEUDO;
import static io.sharedfs.exporter.ganesha.GaneshaTables.nonShared;
import static io.sharedfs.exporter.ganesha.GaneshaTables.shared;
import static io.sharedfs.exporter.ganesha.GaneshaTables.table;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedfs.exporter.exports.ExportTable;
import io.sharedfs.exporter.exports.NodeFacts;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What a run asks of Ganesha: stable ids, only what changed, withdrawals before anything new. */
class GaneshaPlanTest {

    private static final String WEB = "/srv/images/web";
    private static final NodeFacts A = shared(WEB, 10, 1, "10.0.0.1");
    private static final NodeFacts B = shared(WEB, 10, 2, "10.0.0.2");

    @Test
    void aFirstTableIsAddedWholeWithIdsFromTheFirstOneUp() {
        ExportTable table = table(1, A, B);

        GaneshaPlan plan = GaneshaPlan.of(GaneshaState.EMPTY, table, Set.of(0), PSEUDO, 1000);

        assertEquals(table.entries(), plan.additions().size());
        assertEquals(rangeFrom(1000, table.entries()), ids(plan.additions()));
        assertTrue(plan.removals().isEmpty());
        assertTrue(plan.updates().isEmpty());
        assertEquals("/sharedfs/10/1/image", plan.desired().get(0).pseudo());
    }

    @Test
    void theSameTableAgainTouchesNothingAndKeepsEveryId() {
        ExportTable table = table(1, A, B);
        GaneshaPlan first = GaneshaPlan.of(GaneshaState.EMPTY, table, Set.of(0), PSEUDO, 1000);
        GaneshaState applied = applied(first);

        GaneshaPlan again = GaneshaPlan.of(applied, table(2, A, B), live(first), PSEUDO, 1000);

        assertTrue(again.changesNothing());
        assertEquals(ids(first.desired()), ids(again.desired()));
    }

    @Test
    void aNewNodeGetsNewIdsAndTheOthersKeepTheirs() {
        GaneshaPlan first = GaneshaPlan.of(GaneshaState.EMPTY, table(1, A), Set.of(0), PSEUDO, 1000);

        GaneshaPlan second = GaneshaPlan.of(applied(first), table(2, A, B), live(first), PSEUDO, 1000);

        assertEquals(6, second.additions().size());
        assertTrue(second.updates().isEmpty());
        assertTrue(second.removals().isEmpty());
        assertTrue(second.additions().stream().allMatch(export -> export.node().equals("10/2")));
        assertTrue(second.desired().stream().filter(export -> export.node().equals("10/1"))
                .allMatch(export -> ids(first.desired()).contains(export.id())));
    }

    @Test
    void anAddressPassedToAnotherNodeIsWithdrawnFirstAndItsIdsAreNotHandedOutInTheSameRun() {
        GaneshaPlan first = GaneshaPlan.of(GaneshaState.EMPTY, table(1, A), Set.of(0), PSEUDO, 1000);
        NodeFacts successor = shared(WEB, 10, 7, A.address());

        GaneshaPlan second = GaneshaPlan.of(applied(first), table(2, successor), live(first), PSEUDO, 1000);

        // The old node's own trees go; the image root and the VE's custom dir, the same paths to the same
        // address, keep their ids and are rewritten for the new node's pseudo paths.
        Set<Integer> oldTrees = first.desired().stream()
                .filter(export -> export.line().path().startsWith(WEB + "/private/10/1/")).map(GaneshaExport::id)
                .collect(Collectors.toSet());
        assertEquals(oldTrees, new HashSet<>(second.removals()));
        assertEquals(2, second.updates().size());
        assertTrue(second.updates().stream().allMatch(export -> export.pseudo().startsWith("/sharedfs/10/7/")));
        Set<Integer> reused = new HashSet<>(ids(second.additions()));
        reused.retainAll(oldTrees);
        assertTrue(reused.isEmpty(), "ids withdrawn in this run handed out again: " + reused);
        List<Integer> touched = List.copyOf(second.touched());
        assertEquals(second.removals(), touched.subList(0, second.removals().size()), "withdrawals come first");
    }

    @Test
    void theOperatorsOwnExportsAreNeitherReusedNorWithdrawn() {
        Set<Integer> live = Set.of(0, 1000, 1002);

        GaneshaPlan plan = GaneshaPlan.of(GaneshaState.EMPTY, table(1, A), live, PSEUDO, 1000);

        assertFalse(ids(plan.desired()).contains(1000));
        assertFalse(ids(plan.desired()).contains(1002));
        assertTrue(plan.removals().isEmpty());
        assertEquals(Set.of(0, 1000, 1002), intersect(plan.liveAfter(live, GaneshaState.EMPTY), live));
    }

    @Test
    void anExportGaneshaLostIsAddedAgain() {
        GaneshaPlan first = GaneshaPlan.of(GaneshaState.EMPTY, table(1, A), Set.of(0), PSEUDO, 1000);
        Set<Integer> live = new HashSet<>(live(first));
        int lost = first.desired().get(2).id();
        live.remove(lost);

        GaneshaPlan second = GaneshaPlan.of(applied(first), table(2, A), live, PSEUDO, 1000);

        assertEquals(Set.of(lost), ids(second.additions()));
        assertTrue(second.updates().isEmpty());
    }

    @Test
    void uncertainIdsAreBroughtInLineWhateverGaneshaDidWithThem() {
        GaneshaPlan first = GaneshaPlan.of(GaneshaState.EMPTY, table(1, A, B), Set.of(0), PSEUDO, 1000);
        int kept = first.desired().get(0).id();
        int droppedLive = first.desired().get(7).id();
        GaneshaState interrupted = new GaneshaState(5, applied(first).exports(), Set.of(kept, droppedLive));

        // A's lines stay, B's go; Ganesha still serves everything.
        GaneshaPlan second = GaneshaPlan.of(interrupted, table(2, A), live(first), PSEUDO, 1000);

        assertEquals(Set.of(kept), ids(second.updates()), "an uncertain id the table keeps is written again");
        assertTrue(second.removals().contains(droppedLive));
        assertTrue(second.additions().isEmpty());
    }

    @Test
    void aNodeWhoseImageBecameSharedHasItsWritableRootReplacedInPlace() {
        NodeFacts alone = nonShared(WEB, 10, 1, "10.0.0.1");
        GaneshaPlan first = GaneshaPlan.of(GaneshaState.EMPTY, table(1, alone), Set.of(0), PSEUDO, 1000);

        GaneshaPlan second = GaneshaPlan.of(applied(first), table(2, A), live(first), PSEUDO, 1000);

        int rootId = first.desired().get(0).id();
        assertEquals(Set.of(rootId), ids(second.updates()));
        assertFalse(second.updates().get(0).options().writable());
    }

    @Test
    void runningOutOfSixteenBitIdsIsAnErrorNotAWrapAround() {
        assertThrows(IllegalStateException.class,
                () -> GaneshaPlan.of(GaneshaState.EMPTY, table(1, A, B), Set.of(0), PSEUDO, 65_530));
    }

    private static GaneshaState applied(GaneshaPlan plan) {
        return new GaneshaState(2, plan.desired().stream().map(GaneshaState.Entry::of).toList(), Set.of());
    }

    private static Set<Integer> live(GaneshaPlan plan) {
        Set<Integer> live = new HashSet<>(ids(plan.desired()));
        live.add(0);
        return live;
    }

    private static Set<Integer> ids(List<GaneshaExport> exports) {
        return exports.stream().map(GaneshaExport::id).collect(Collectors.toSet());
    }

    private static Set<Integer> rangeFrom(int first, int count) {
        Set<Integer> ids = new HashSet<>();
        for (int i = 0; i < count; i++) {
            ids.add(first + i);
        }
        return ids;
    }

    private static Set<Integer> intersect(Set<Integer> a, Set<Integer> b) {
        Set<Integer> both = new HashSet<>(a);
        both.retainAll(b);
        return both;
    }
}
