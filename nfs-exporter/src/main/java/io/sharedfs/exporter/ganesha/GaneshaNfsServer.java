package io.sharedfs.exporter.ganesha;

import io.sharedfs.exporter.exports.ExportTable;
import io.sharedfs.exporter.exports.NfsServer;
import io.sharedfs.exporter.exports.ServedPaths;
import io.sharedfs.exporter.ganesha.ExportManager.GaneshaException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * NFS-Ganesha, changed at run time through its DBus export manager, one export at a time, never
 * restarted. A run first records its intent (the new state with the ids it will touch marked uncertain,
 * and the full {@code exports.conf}), then withdraws, updates and adds exports as {@link GaneshaPlan}
 * orders them, and last records that Ganesha confirmed every change. A run that fails or is killed
 * half way leaves only ids marked uncertain, which the next run brings in line; a retry never adds an
 * export twice, and what Ganesha serves in between is old lines not yet withdrawn (never one whose
 * address the new table gave to another node) and new lines of the proven table.
 */
public final class GaneshaNfsServer implements NfsServer {

    private static final Logger LOG = Logger.getLogger(GaneshaNfsServer.class);

    private final GaneshaSettings settings;
    private final GaneshaFiles files;
    private final ExportManager manager;
    private final PseudoPaths pseudo;

    /** The ids Ganesha served after the last successful run, and that run's number; null until then. */
    private Set<Integer> knownLive;
    private long knownRun = -1;

    public GaneshaNfsServer(GaneshaSettings settings, ExportManager manager) {
        this.settings = settings;
        this.files = new GaneshaFiles(settings.configDir());
        this.manager = manager;
        this.pseudo = new PseudoPaths(settings.pseudoRoot());
    }

    @Override
    public synchronized Outcome apply(ExportTable table) {
        long started = System.nanoTime();
        try {
            files.prepare();
            GaneshaState before = files.loadState();
            Set<Integer> live = live(before);
            GaneshaPlan plan = GaneshaPlan.of(before, table, live, pseudo, settings.firstExportId());
            if (unchanged(before, plan)) {
                knownLive = live;
                knownRun = before.run();
                return new Outcome(Result.APPLIED, "NFS-Ganesha serves these " + plan.desired().size()
                        + " export(s) already");
            }
            Set<Integer> uncertain = new LinkedHashSet<>(before.uncertain());
            uncertain.addAll(plan.touched());
            GaneshaState intent = state(before.run() + 1, plan, uncertain);
            files.saveState(intent);
            files.writeExportsConf(plan.desired());
            carryOut(plan);
            GaneshaState done = state(before.run() + 2, plan, Set.of());
            files.saveState(done);
            knownLive = plan.liveAfter(live, before);
            knownRun = done.run();
            long millis = (System.nanoTime() - started) / 1_000_000;
            return new Outcome(Result.APPLIED, String.format("NFS-Ganesha serves %d export(s): %d added, %d updated,"
                    + " %d withdrawn over DBus in %d ms", plan.desired().size(), plan.additions().size(),
                    plan.updates().size(), plan.removals().size(), millis));
        } catch (GaneshaException | IOException | IllegalStateException | UncheckedIOException e) {
            knownLive = null;
            return new Outcome(Result.FAILED, "NFS-Ganesha did not take generation " + table.generation() + ": "
                    + e.getMessage() + "; the exports it may not serve as written are retried by the next run");
        }
    }

    private static boolean unchanged(GaneshaState before, GaneshaPlan plan) {
        return plan.changesNothing() && plan.forgotten().isEmpty() && before.uncertain().isEmpty()
                && before.exports().equals(plan.desired().stream().map(GaneshaState.Entry::of).toList());
    }

    /** What Ganesha serves: asked over DBus unless this instance made the last change and it succeeded. */
    private Set<Integer> live(GaneshaState before) {
        if (knownLive != null && knownRun == before.run() && before.uncertain().isEmpty()) {
            return knownLive;
        }
        return manager.exportIds();
    }

    private void carryOut(GaneshaPlan plan) throws IOException {
        for (int id : plan.removals()) {
            manager.remove(id);
            files.deleteExport(id);
        }
        for (int id : plan.forgotten()) {
            files.deleteExport(id);
        }
        for (GaneshaExport export : plan.updates()) {
            manager.update(files.writeExport(export), export.id());
        }
        for (GaneshaExport export : plan.additions()) {
            manager.add(files.writeExport(export), export.id());
        }
        if (!plan.changesNothing()) {
            LOG.debugf("Ganesha: %d added, %d updated, %d withdrawn", plan.additions().size(), plan.updates().size(),
                    plan.removals().size());
        }
    }

    private static GaneshaState state(long run, GaneshaPlan plan, Set<Integer> uncertain) {
        return new GaneshaState(run, plan.desired().stream().map(GaneshaState.Entry::of).toList(),
                new HashSet<>(uncertain));
    }

    @Override
    public List<String> installed() {
        try {
            return files.loadState().exports().stream().map(GaneshaState.Entry::line).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String location() {
        return files.exportsConf().toString();
    }

    @Override
    public String describe() {
        return "NFS-Ganesha over DBus (" + settings.dbusAddress() + ")";
    }

    @Override
    public ServedPaths servedPaths() {
        return pseudo;
    }

    /** Closes the DBus connection. */
    public void close() {
        manager.close();
    }

    /** The directory of the per-export files and the state, for tests and operators. */
    public Path configDir() {
        return settings.configDir();
    }
}
