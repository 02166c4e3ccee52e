package io.sharedfs.exporter.apply;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.sharedfs.contracts.export.ExportsApplied;
import io.sharedfs.contracts.export.ExportsApplyFailed;
import io.sharedfs.contracts.export.NodeExported;
import io.sharedfs.contracts.export.NodeUnexported;
import io.sharedfs.contracts.node.NodeRef;
import io.sharedfs.exporter.config.ExportSettings;
import io.sharedfs.exporter.domain.Backlog;
import io.sharedfs.exporter.domain.ExportState;
import io.sharedfs.exporter.domain.ExportStore;
import io.sharedfs.exporter.domain.NodeRow;
import io.sharedfs.exporter.exports.DiskProbe;
import io.sharedfs.exporter.exports.ExportAnalyzer;
import io.sharedfs.exporter.exports.ExportTable;
import io.sharedfs.exporter.exports.Finding;
import io.sharedfs.exporter.exports.HeldBack;
import io.sharedfs.exporter.exports.NfsServer;
import io.sharedfs.exporter.exports.NodeExports;
import io.sharedfs.exporter.exports.NodeFacts;
import io.sharedfs.exporter.exports.TableBuilder;
import io.sharedfs.messaging.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * One apply attempt: under the storage host's advisory lock (so two runs never overlap, in this
 * instance or another), take the desired table at its current generation, prove it with the
 * analyzer, write and apply it, and record the outcome with its events in one transaction.
 */
@ApplicationScoped
public class ApplyRun {

    private static final Logger LOG = Logger.getLogger(ApplyRun.class);
    /** First key of the two-key advisory lock space; the second is the host's hash. */
    private static final int LOCK_CLASS = 0x4e465345;
    private static final int MAX_MESSAGE = 8000;

    private final AgroalDataSource dataSource;
    private final ExportStore store;
    private final Outbox outbox;
    private final ExportSettings settings;
    private final NfsServer server;

    public ApplyRun(AgroalDataSource dataSource, ExportStore store, Outbox outbox, ExportSettings settings,
            NfsServer server) {
        this.dataSource = dataSource;
        this.store = store;
        this.outbox = outbox;
        this.settings = settings;
        this.server = server;
    }

    /**
     * Runs if the table changed since the last attempt, if that attempt failed and its backoff
     * (by the count of failures in a row, whichever instance made them) has passed, or if it died.
     *
     * @param force run even if the current generation was attempted already (start-up, operator)
     */
    public RunReport attempt(boolean force) {
        long started = System.nanoTime();
        // The lock belongs to a transaction held open on a connection of its own for the whole run:
        // ending that transaction (or losing the connection, or this process) releases it.
        try (Connection lock = dataSource.getConnection()) {
            lock.setAutoCommit(false);
            try {
                return tryLock(lock) ? locked(force, started) : RunReport.busy();
            } finally {
                lock.rollback();
                lock.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot take the apply lock: " + e.getMessage(), e);
        }
    }

    /** What the apply policy decides on, read from the database (the changes of every instance of this host). */
    public Backlog backlog() {
        return store.backlog(settings.storageHost(), settings.applyPolicy().maxWindow()).orElse(Backlog.NONE);
    }

    private RunReport locked(boolean force, long started) {
        Snapshot snapshot = QuarkusTransaction.requiringNew().call(() -> snapshot(force));
        if (snapshot.table() == null) {
            return RunReport.idle(snapshot.retryIn());
        }
        ExportTable table = snapshot.table();
        List<NodeFacts> included = table.nodes().stream().map(NodeExports::facts).toList();
        List<Finding> findings = ExportAnalyzer.analyze(table.lines(), included,
                new DiskProbe(settings.privateOwner()));
        if (!findings.isEmpty()) {
            String message = "refused to write generation " + table.generation() + ": " + findings.size()
                    + " finding(s): " + findings.stream().map(Finding::toString).collect(Collectors.joining("; "));
            Set<NodeRef> concerned = new LinkedHashSet<>();
            findings.forEach(finding -> concerned.addAll(finding.nodes()));
            return failed(snapshot, RunReport.Status.REFUSED, message, concerned, millisSince(started));
        }
        NfsServer.Outcome outcome = server.apply(table);
        long millis = millisSince(started);
        if (!outcome.succeeded()) {
            return failed(snapshot, RunReport.Status.FAILED, outcome.message(), Set.of(), millis);
        }
        RunReport.Status status = outcome.result() == NfsServer.Result.SKIPPED ? RunReport.Status.SKIPPED
                : RunReport.Status.APPLIED;
        QuarkusTransaction.requiringNew().run(() -> succeeded(snapshot, status, outcome.message(), millis));
        LOG.infof("Applied export table generation %d of %s: %d entries, %d ms (%s)", table.generation(),
                settings.storageHost(), table.entries(), millis, outcome.message());
        return new RunReport(status, table.generation(), snapshot.changes(), outcome.message(), null);
    }

    /**
     * The table to attempt, with its nodes marked as handed out; or, when there is nothing to do,
     * no table and when a pending retry is due.
     */
    private Snapshot snapshot(boolean force) {
        String host = settings.storageHost();
        ExportState state = store.lockState(host);
        boolean changed = state.generation() > state.lastGeneration();
        Duration retryIn = state.lastFailed() ? Duration.ofMillis(store.retryInMillis(host,
                settings.backoff(state.consecutiveFailures()).toMillis())) : null;
        boolean retry = retryIn != null && retryIn.isZero();
        if (!force && !changed && !retry && !state.lastAttemptDied()) {
            return new Snapshot(null, 0, retryIn, state.consecutiveFailures(), List.of());
        }
        List<TableBuilder.Candidate> candidates = new ArrayList<>();
        Map<NodeRef, Boolean> rendered = new HashMap<>();
        List<NodeRow> rows = store.liveNodes(host);
        for (NodeRow row : rows) {
            rendered.put(row.ref(), row.everRendered);
            if (row.ready()) {
                long seniority = row.activatedGeneration == null ? row.changedGeneration : row.activatedGeneration;
                candidates.add(new TableBuilder.Candidate(row.facts(), seniority));
            }
        }
        ExportTable table = TableBuilder.build(host, state.generation(), candidates, settings.options());
        List<NodeRef> firstTime = new ArrayList<>();
        for (NodeExports node : table.nodes()) {
            if (!rendered.getOrDefault(node.node(), false)) {
                firstTime.add(node.node());
            }
        }
        // Committed before the file is written: a removal from now on waits for an applied table.
        store.markRendered(host, firstTime);
        store.attemptStarted(host, state.generation());
        long changes = Math.max(0, state.generation() - Math.max(0, state.lastGeneration()));
        return new Snapshot(table, changes, null, state.consecutiveFailures(), toReport(rows, table));
    }

    /**
     * The nodes a success of this table will report on. Whether a node is reported depends on the
     * table and on what runs record (exported signature, failed generation), which only runs change,
     * one at a time under the apply lock; so the answer taken now still holds when the run ends, and
     * the run re-reads only these rows instead of the whole table. A node removed in between, out of
     * this table, is reported by the next run (its removal changed the table).
     */
    private static List<NodeRef> toReport(List<NodeRow> rows, ExportTable table) {
        Map<NodeRef, NodeExports> included = byNode(table);
        List<NodeRef> report = new ArrayList<>();
        for (NodeRow row : rows) {
            NodeExports exports = included.get(row.ref());
            if (exports != null ? exportedNews(row, exports) : unexportedNews(row)) {
                report.add(row.ref());
            }
        }
        return report;
    }

    private void succeeded(Snapshot snapshot, RunReport.Status status, String message, long millis) {
        String host = settings.storageHost();
        ExportTable table = snapshot.table();
        long generation = table.generation();
        store.lockState(host);
        Map<NodeRef, NodeExports> included = byNode(table);
        for (NodeRow row : store.nodes(host, snapshot.toReport())) {
            NodeExports exports = included.get(row.ref());
            if (exports != null) {
                reportExported(row, exports, generation);
            } else {
                reportUnexported(row, generation);
            }
        }
        store.attemptFinished(host, generation, status.name(), message, millis, table.entries(), true,
                heldBack(table));
        store.failureReported(host, null);
        outbox.publish(new ExportsApplied(host, generation, table.entries(), millis));
    }

    /** NodeExported when the node is new in the applied table, changed, or was last reported failed. */
    private void reportExported(NodeRow row, NodeExports exports, long generation) {
        if (!exportedNews(row, exports)) {
            return;
        }
        row.exportedGeneration = generation;
        row.exportedSignature = exports.signature();
        row.failedGeneration = null;
        store.saveExported(row);
        outbox.publish(new NodeExported(row.veId, row.vemId, row.address, row.storageHost, generation,
                exports.paths()));
    }

    /**
     * NodeUnexported when the node left the applied table, or when a removed node that a file
     * once held is now certainly out of it.
     */
    private void reportUnexported(NodeRow row, long generation) {
        if (!unexportedNews(row)) {
            return;
        }
        row.exportedGeneration = null;
        row.exportedSignature = null;
        row.unexportedPublished |= row.removed;
        store.saveExported(row);
        outbox.publish(new NodeUnexported(row.veId, row.vemId, row.address, row.storageHost, generation));
    }

    /** Whether a node in an applied table is news: new in it, changed, or last reported failed. */
    private static boolean exportedNews(NodeRow row, NodeExports exports) {
        boolean failedSince = row.failedGeneration != null
                && (row.exportedGeneration == null || row.failedGeneration >= row.exportedGeneration);
        return failedSince || !exports.signature().equals(row.exportedSignature);
    }

    /** Whether a node out of an applied table is news: it left it, or its removal is now settled. */
    private static boolean unexportedNews(NodeRow row) {
        return row.exportedSignature != null || (row.removed && !row.unexportedPublished);
    }

    private RunReport failed(Snapshot snapshot, RunReport.Status status, String message, Set<NodeRef> named,
            long millis) {
        String text = message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) + " [...]" : message;
        QuarkusTransaction.requiringNew().run(() -> recordFailure(snapshot, status, text, named, millis));
        LOG.errorf("Export table generation %d of %s not applied (%s): %s", snapshot.table().generation(),
                settings.storageHost(), status, text);
        return new RunReport(status, snapshot.table().generation(), snapshot.changes(), text,
                settings.backoff(snapshot.failuresBefore() + 1));
    }

    private void recordFailure(Snapshot snapshot, RunReport.Status status, String message, Set<NodeRef> named,
            long millis) {
        String host = settings.storageHost();
        ExportTable table = snapshot.table();
        long generation = table.generation();
        ExportState state = store.lockState(host);
        Set<NodeRef> concerned = new LinkedHashSet<>(named);
        Map<NodeRef, NodeExports> included = byNode(table);
        for (NodeRow row : store.liveNodes(host)) {
            NodeExports exports = included.get(row.ref());
            boolean changing = exports != null ? !exports.signature().equals(row.exportedSignature)
                    : unexportedNews(row);
            if (changing || named.contains(row.ref())) {
                concerned.add(row.ref());
                row.failedGeneration = generation;
                store.saveExported(row);
            }
        }
        store.attemptFinished(host, generation, status.name(), message, millis, table.entries(), false,
                heldBack(table));
        // A retry that fails the same way is not news: it is published once.
        String report = generation + ":" + message;
        if (!report.equals(state.reportedFailure())) {
            outbox.publish(new ExportsApplyFailed(host, generation, message, List.copyOf(concerned)));
            store.failureReported(host, report);
        }
    }

    private static Map<NodeRef, NodeExports> byNode(ExportTable table) {
        Map<NodeRef, NodeExports> included = new HashMap<>();
        for (NodeExports node : table.nodes()) {
            included.put(node.node(), node);
        }
        return included;
    }

    private static String heldBack(ExportTable table) {
        StringBuilder text = new StringBuilder();
        for (HeldBack held : table.heldBack()) {
            text.append(held.node().veId()).append('/').append(held.node().vemId()).append(' ')
                    .append(held.reason()).append('\n');
        }
        return text.toString();
    }

    private boolean tryLock(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT pg_try_advisory_xact_lock(?, hashtext(?))")) {
            statement.setInt(1, LOCK_CLASS);
            statement.setString(2, settings.storageHost());
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /** The table to attempt (null when there is nothing to do) and what the worker needs to know. */
    private record Snapshot(ExportTable table, long changes, Duration retryIn, int failuresBefore,
            List<NodeRef> toReport) {
    }
}
