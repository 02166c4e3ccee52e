package io.sharedfs.exporter.apply;

import io.sharedfs.exporter.domain.Backlog;
import java.time.Duration;

/**
 * When to apply the export table, decided from the backlog alone (no clock, no database), so it can
 * be reasoned about and tested; the apply worker reads the backlog and waits as told.
 *
 * <p>Two targets pull against each other. A quiet host must export a node within a few tens of
 * milliseconds of its tree (the NodeAdded→READY latency at 20 adds a second); a burst of a thousand
 * nodes must cost a handful of {@code exportfs} runs (each run re-reads the whole table in the
 * kernel), although the trees finish one by one, as a trickle, over a minute or more. The
 * exporter hears of a node twice: NodeAdded, before its tree exists, and NodeProvisioned, when
 * the node can be exported. So it knows, at any time:
 *
 * <ul>
 *   <li><b>pending</b>: changes of the desired table not applied yet (one per node that became
 *       exportable, was removed, …), and how long the oldest has waited;</li>
 *   <li><b>awaiting</b>: nodes added here whose tree is not reported yet (neither NodeProvisioned
 *       nor NodeProvisioningFailed for their current attempt): changes on their way. A node added
 *       more than {@code apply-max-window} before the newest node whose tree was reported is
 *       counted no longer: trees are built in about the order nodes are added, so it is stuck (a
 *       long hook, a failure nobody reported), not queued.</li>
 * </ul>
 *
 * The oldest pending change waits
 *
 * <ol>
 *   <li><b>quiet host</b>: at most {@code apply-quiet-backlog} (4) nodes await their tree (a steady
 *       20 adds a second whose trees take up to about 150 ms keeps one to three in flight):
 *       {@code apply-window} (10 ms), so changes made together share a run;</li>
 *   <li><b>a burst's batch is ready</b>: {@code pending ≥ apply-batch-fraction × (pending +
 *       awaiting)} (½): {@code apply-window};</li>
 *   <li>otherwise until one of those holds, and in any case at most {@code apply-max-window}
 *       (60 s): no change ever waits longer, whatever the counts say (and the apply worker looks at
 *       the database every few seconds unasked).</li>
 * </ol>
 *
 * <p>A burst whose trees trickle in is thereby exported in halves: once its B nodes are added, the
 * first run waits for B/2 trees, the next for B/4, … until at most {@code quiet} are left, which
 * are applied as their trees come: about {@code log2(B / quiet) + quiet} runs whatever the pace of
 * the trees, plus about one per {@code apply-max-window} while adds keep coming faster than trees
 * finish or a half takes longer than that. Replayed against 1,000 adds (ApplyPolicyTest): 7 runs
 * with a tree every 5 ms, 11 with one every 50 ms, 14 with 3 trees a second, 16 with the adds spread
 * over 100 s and 3 trees a second. The last change of a burst is applied {@code apply-window} after
 * it (nothing awaits any more), so a burst's wall time does not grow.
 *
 * <p><b>Floods.</b> Changes can also pour in faster than runs are meant to carry them: an exporter
 * catching up on both topics at once after a restart (nothing awaits, or the nodes topic is read a
 * little ahead of the provisioning topic and the same few dozen always await), adds whose trees
 * finish as fast as they come. A quiet run should carry a change or two, a batch run's successor
 * should find fewer awaiting; so after a run that carried at least {@code apply-burst} (4) changes,
 * come at least {@code apply-flood-rate} (100) a second over the time the oldest of them waited,
 * the window of the rule that decided it (quiet or batch) doubles, up to {@code apply-max-window},
 * and it is back to {@code apply-window} after a run that was no flood (a quiet run with few
 * changes brings both back). The rate matters: counted alone, changes fed on themselves (a grown
 * window fills the next run of any steady trickle with {@code apply-burst} changes) and, with
 * consumers committing a poll at a time, 20 adds a second grew the windows to the max window. A catch-up of 1,000 nodes 7 ms apart costs 11 runs, and as many when their trees
 * follow their adds 300 ms behind (ApplyPolicyTest); a steady 20 adds a second (one change a run)
 * is never held back, and a burst's halves do not hold back its last trees (quiet runs).
 *
 * <p>What no policy can tell apart from a steady trickle: adds that come no faster than their trees
 * finish and more than {@code apply-window} apart; each is applied in a run of its own. A fixed
 * delay per awaiting node ({@code k × awaiting}) was considered and rejected: the runs it costs
 * depend on how fast trees finish compared with {@code k} (with slow trees each run carries a few
 * nodes, a geometric tail of dozens of runs; with fast ones it holds nodes back for nothing). The
 * previous rule (only the flood rule) never grew on a trickle: 318 runs for 1,000 adds.
 *
 * <p>Not thread-safe: the one apply worker thread owns it.
 */
public final class ApplyPolicy {

    private final Duration minWindow;
    private final Duration maxWindow;
    private final long quietBacklog;
    private final double batchFraction;
    private final long burst;
    private final double floodRate;

    /** The windows of the quiet rule and of the batch rule, each grown by floods. */
    private Duration quietWindow;
    private Duration batchWindow;

    /**
     * @param minWindow how long the oldest pending change waits on a quiet host or when a batch is ready
     * @param maxWindow the most it ever waits
     * @param quietBacklog at most this many awaiting nodes is a quiet host
     * @param batchFraction share of the work in hand the pending changes must reach, in (0, 1]
     * @param burst a run carrying at least this many changes doubles its rule's window...
     * @param floodRate ... if they came at least this fast (changes a second)
     */
    public ApplyPolicy(Duration minWindow, Duration maxWindow, long quietBacklog, double batchFraction, long burst,
            double floodRate) {
        if (minWindow.isNegative() || maxWindow.compareTo(minWindow) < 0) {
            throw new IllegalArgumentException("need 0 <= min window <= max window");
        }
        if (quietBacklog < 0 || !(batchFraction > 0 && batchFraction <= 1) || burst < 1 || !(floodRate > 0)) {
            throw new IllegalArgumentException(
                    "need quiet backlog >= 0, 0 < batch fraction <= 1, burst >= 1, flood rate > 0");
        }
        this.minWindow = minWindow;
        this.maxWindow = maxWindow;
        this.quietBacklog = quietBacklog;
        this.batchFraction = batchFraction;
        this.burst = burst;
        this.floodRate = floodRate;
        this.quietWindow = minWindow;
        this.batchWindow = minWindow;
    }

    /** A policy with the same settings and a fresh state (each apply worker start gets its own). */
    public ApplyPolicy fresh() {
        return new ApplyPolicy(minWindow, maxWindow, quietBacklog, batchFraction, burst, floodRate);
    }

    /** Whether the host counts as quiet: few enough nodes await their tree. */
    public boolean quiet(Backlog backlog) {
        return backlog.awaiting() <= quietBacklog;
    }

    /** Whether enough of a backlog is ready: the pending changes are a large enough share of the work in hand. */
    public boolean batchReady(Backlog backlog) {
        return backlog.pending() >= batchFraction * (backlog.pending() + backlog.awaiting());
    }

    /** How long the oldest pending change may wait in all, given the backlog. */
    public Duration window(Backlog backlog) {
        if (quiet(backlog)) {
            return quietWindow;
        }
        return batchReady(backlog) ? batchWindow : maxWindow;
    }

    /**
     * How much longer to hold the pending changes: zero to apply them now. With nothing pending
     * there is nothing to hold.
     */
    public Duration remaining(Backlog backlog) {
        if (backlog.pending() <= 0) {
            return Duration.ZERO;
        }
        Duration left = window(backlog).minus(backlog.oldestPendingAge());
        return left.isNegative() ? Duration.ZERO : left;
    }

    /**
     * A run applied {@code changes} changes, decided on {@code backlog}: the window of the rule that
     * decided it doubles when the run carried a flood ({@code burst} changes or more), and is back to
     * {@link #minWindow()} when it carried fewer; a quiet run carrying few brings both back (the
     * host is calm again). A run the max window decided changes neither.
     */
    public void ran(Backlog backlog, long changes) {
        boolean flood = flood(backlog, changes);
        if (quiet(backlog)) {
            quietWindow = next(quietWindow, flood);
            if (changes < burst) {
                batchWindow = minWindow;
            }
        } else if (batchReady(backlog)) {
            batchWindow = next(batchWindow, flood);
        }
    }

    /**
     * Whether a run carried a flood: at least {@code burst} changes, come at least {@code floodRate}
     * a second over the time the oldest waited (at least the min window). Counting changes alone
     * fed on itself: a grown window makes any steady trickle fill a run with {@code burst} changes,
     * which grew the window again, up to the max window.
     */
    boolean flood(Backlog backlog, long changes) {
        if (changes < burst) {
            return false;
        }
        Duration span = backlog.oldestPendingAge().compareTo(minWindow) > 0 ? backlog.oldestPendingAge() : minWindow;
        double seconds = Math.max(span.toNanos(), 1) / 1e9;
        return changes / seconds >= floodRate;
    }

    private Duration next(Duration window, boolean flood) {
        if (!flood) {
            return minWindow;
        }
        Duration doubled = window.isZero() ? Duration.ofMillis(1) : window.multipliedBy(2);
        return doubled.compareTo(maxWindow) < 0 ? doubled : maxWindow;
    }

    /** The quiet rule's window now (grown by a flood, else {@link #minWindow()}). */
    public Duration quietWindow() {
        return quietWindow;
    }

    /** The batch rule's window now (grown by a flood, else {@link #minWindow()}). */
    public Duration batchWindow() {
        return batchWindow;
    }

    public Duration minWindow() {
        return minWindow;
    }

    public Duration maxWindow() {
        return maxWindow;
    }

    public long quietBacklog() {
        return quietBacklog;
    }

    public double batchFraction() {
        return batchFraction;
    }

    public long burst() {
        return burst;
    }

    public double floodRate() {
        return floodRate;
    }
}
