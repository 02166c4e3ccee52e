package io.sharedfs.exporter.ganesha;

import io.sharedfs.exporter.exports.ExportLine;
import io.sharedfs.exporter.exports.ExportTable;
import io.sharedfs.exporter.exports.NodeExports;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one run asks of Ganesha to go from what it was given to the proven table; pure logic.
 *
 * <p>Every line keeps its {@code Export_Id} for as long as it is in the table (a path and a client are
 * its identity); a new line gets the lowest id that is free, never one another export (sharedfs's or
 * the operator's own) holds, nor one withdrawn in the same run. Removals come first, then updates,
 * then additions: a run stopped half way has withdrawn what the new table drops before serving anything
 * new, so an address that passed from one node to another never reaches both nodes' trees. Only an id
 * that changed, or whose state is uncertain, is touched.
 *
 * @param desired every export of the table, in table order
 * @param removals ids Ganesha serves that the table no longer has
 * @param updates exports Ganesha has whose block changed, or whose state was uncertain
 * @param additions exports Ganesha does not have
 * @param forgotten ids of the previous state that Ganesha does not serve and the table drops
 */
public record GaneshaPlan(List<GaneshaExport> desired, List<Integer> removals, List<GaneshaExport> updates,
        List<GaneshaExport> additions, List<Integer> forgotten) {

    /** Ganesha's own pseudo-root export. */
    static final int PSEUDO_ROOT_ID = 0;

    /**
     * @param live the ids Ganesha serves now
     * @throws IllegalStateException when the ids from {@code firstId} up are used up
     */
    public static GaneshaPlan of(GaneshaState before, ExportTable table, Set<Integer> live, PseudoPaths pseudo,
            int firstId) {
        Map<String, GaneshaState.Entry> byKey = new HashMap<>();
        Map<Integer, GaneshaState.Entry> byId = new HashMap<>();
        for (GaneshaState.Entry entry : before.exports()) {
            byKey.put(entry.key(), entry);
            byId.put(entry.id(), entry);
        }
        Set<Integer> ours = new HashSet<>(byId.keySet());
        ours.addAll(before.uncertain());
        Set<Integer> taken = new HashSet<>(live);
        taken.add(PSEUDO_ROOT_ID);
        taken.addAll(ours);
        Ids ids = new Ids(firstId, taken);

        List<GaneshaExport> desired = new ArrayList<>(table.entries());
        Set<Integer> desiredIds = new HashSet<>();
        for (NodeExports node : table.nodes()) {
            String name = node.facts().veId() + "/" + node.facts().vemId();
            for (ExportLine line : node.lines()) {
                GaneshaState.Entry known = byKey.get(GaneshaExport.key(line.path(), line.client()));
                int id = known != null ? known.id() : ids.next();
                desired.add(new GaneshaExport(id, line, pseudo.of(node.facts(), line.path()), name));
                desiredIds.add(id);
            }
        }

        List<Integer> removals = new ArrayList<>();
        List<Integer> forgotten = new ArrayList<>();
        for (int id : new TreeSet<>(ours)) {
            if (!desiredIds.contains(id)) {
                (live.contains(id) ? removals : forgotten).add(id);
            }
        }
        List<GaneshaExport> updates = new ArrayList<>();
        List<GaneshaExport> additions = new ArrayList<>();
        for (GaneshaExport export : desired) {
            GaneshaState.Entry known = byId.get(export.id());
            if (!live.contains(export.id())) {
                additions.add(export);
            } else if (known == null || before.uncertain().contains(export.id())
                    || !known.digest().equals(export.digest())) {
                updates.add(export);
            }
        }
        return new GaneshaPlan(List.copyOf(desired), List.copyOf(removals), List.copyOf(updates),
                List.copyOf(additions), List.copyOf(forgotten));
    }

    /** The ids this run may leave in an unknown state until it ends. */
    public Set<Integer> touched() {
        Set<Integer> touched = new LinkedHashSet<>(removals);
        updates.forEach(export -> touched.add(export.id()));
        additions.forEach(export -> touched.add(export.id()));
        return touched;
    }

    public boolean changesNothing() {
        return removals.isEmpty() && updates.isEmpty() && additions.isEmpty();
    }

    /** The ids Ganesha serves once the run has succeeded: the table's and the operator's own. */
    public Set<Integer> liveAfter(Set<Integer> liveBefore, GaneshaState before) {
        Set<Integer> after = new HashSet<>(liveBefore);
        after.removeAll(removals);
        before.exports().forEach(entry -> after.remove(entry.id()));
        after.removeAll(before.uncertain());
        desired.forEach(export -> after.add(export.id()));
        return after;
    }

    /** Hands out the lowest free ids, in order. */
    private static final class Ids {

        private final Set<Integer> taken;
        private int next;

        Ids(int first, Set<Integer> taken) {
            this.taken = taken;
            this.next = first;
        }

        int next() {
            while (next <= GaneshaSettings.LAST_EXPORT_ID && taken.contains(next)) {
                next++;
            }
            if (next > GaneshaSettings.LAST_EXPORT_ID) {
                throw new IllegalStateException("the table needs more NFS-Ganesha exports than the free Export_Ids"
                        + " up to " + GaneshaSettings.LAST_EXPORT_ID + " (Ganesha's ids are 16-bit)");
            }
            taken.add(next);
            return next++;
        }
    }
}
