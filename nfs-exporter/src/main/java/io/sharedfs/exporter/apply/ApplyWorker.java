package io.sharedfs.exporter.apply;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.sharedfs.exporter.config.ExportSettings;
import io.sharedfs.exporter.domain.Backlog;
import io.sharedfs.exporter.domain.BacklogChanged;
import io.sharedfs.exporter.domain.TableChanged;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * The one thread that applies the export table, away from the Kafka consumers: they only record
 * changes and wake it. When to apply is the {@link ApplyPolicy}'s call, from the backlog in the
 * database (pending changes, the age of the oldest, nodes awaiting their tree): at once on a quiet
 * host, in a few large runs while a burst's trees trickle in, and never later than
 * {@code apply-max-window} after a change. A failed run is retried with a doubling backoff; an
 * operator's request runs at once. On start the table is re-applied from the database whatever
 * the file holds.
 */
@ApplicationScoped
public class ApplyWorker {

    private static final Logger LOG = Logger.getLogger(ApplyWorker.class);
    /** How often the worker looks at the database unasked (changes another instance recorded). */
    private static final Duration SAFETY_POLL = Duration.ofSeconds(5);
    /** The pause before trying again while another instance of this host holds the apply lock. */
    private static final Duration BUSY_PAUSE = Duration.ofMillis(250);

    /** What woke the worker. */
    private enum Wake { FORCED, RETRY, CHANGED, POLL }

    /** How holding the pending changes ended. */
    private enum Hold { DUE, FORCED, NOTHING_PENDING }

    private final ApplyRun run;
    private final ExportSettings settings;
    /** The policy in use, fresh at each start (its flood state is the worker's). */
    private volatile ApplyPolicy policy;
    private final Object monitor = new Object();

    // Guarded by monitor.
    private boolean changed;
    private boolean forced;
    private final List<CompletableFuture<RunReport>> waiting = new ArrayList<>();

    private volatile boolean running;
    private volatile Thread thread;

    // Used by the worker thread only: when a failed (or busy) run's retry is due, and the backlog the
    // policy decided the coming run on (null when something else decided it: start, operator, retry).
    private Long retryAt;
    private Backlog decidedOn;

    public ApplyWorker(ApplyRun run, ExportSettings settings) {
        this.run = run;
        this.settings = settings;
        this.policy = settings.applyPolicy().fresh();
    }

    void onStart(@Observes StartupEvent event) {
        start();
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        stop();
    }

    /** Starts the thread; its first run re-applies the table from the database. */
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        retryAt = null;
        decidedOn = null;
        policy = settings.applyPolicy().fresh();
        synchronized (monitor) {
            forced = true;
        }
        Thread worker = new Thread(this::loop, "sharedfs-exports-apply");
        worker.setDaemon(true);
        thread = worker;
        worker.start();
    }

    /** Stops the thread after the run in progress, if any (a run is not cut short: it restores on failure). */
    public synchronized void stop() throws InterruptedException {
        running = false;
        synchronized (monitor) {
            monitor.notifyAll();
        }
        Thread worker = thread;
        if (worker != null) {
            worker.join(settings.applyCommand().timeout().toMillis() * 2 + 10_000);
            worker.interrupt();
            worker.join(5_000);
        }
        thread = null;
    }

    public boolean isAlive() {
        Thread worker = thread;
        return worker != null && worker.isAlive();
    }

    void onTableChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) TableChanged event) {
        changed();
    }

    void onBacklogChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) BacklogChanged event) {
        changed();
    }

    /** The desired table or the backlog may have changed: look at the backlog again. */
    public void changed() {
        synchronized (monitor) {
            changed = true;
            monitor.notifyAll();
        }
    }

    /** Re-render and apply now, skipping the window and any backoff; completes with that run's report. */
    public CompletableFuture<RunReport> applyNow() {
        CompletableFuture<RunReport> report = new CompletableFuture<>();
        synchronized (monitor) {
            forced = true;
            waiting.add(report);
            monitor.notifyAll();
        }
        return report;
    }

    private void loop() {
        while (running) {
            List<CompletableFuture<RunReport>> answer = List.of();
            try {
                decidedOn = null;
                Wake wake = awaitWork();
                boolean force = wake == Wake.FORCED;
                if (wake == Wake.CHANGED || wake == Wake.POLL) {
                    Hold hold = hold();
                    if (hold == Hold.NOTHING_PENDING && wake == Wake.CHANGED) {
                        // Another instance applied it, or only the backlog changed.
                        continue;
                    }
                    force = hold == Hold.FORCED;
                }
                if (!running) {
                    break;
                }
                synchronized (monitor) {
                    force |= forced;
                    forced = false;
                    changed = false;
                    answer = new ArrayList<>(waiting);
                    waiting.clear();
                }
                RunReport report = run.attempt(force);
                if (report.ran() && decidedOn != null) {
                    policy.ran(decidedOn, report.changes());
                }
                adapt(report);
                answer.forEach(future -> future.complete(report));
            } catch (InterruptedException e) {
                answer.forEach(future -> future.cancel(false));
                if (!running) {
                    break;
                }
            } catch (RuntimeException e) {
                LOG.errorf(e, "Export apply run failed unexpectedly; retrying");
                answer.forEach(future -> future.completeExceptionally(e));
                retryAt = System.nanoTime() + settings.retryBackoffMax().toNanos();
            }
        }
        synchronized (monitor) {
            waiting.forEach(future -> future.cancel(false));
            waiting.clear();
        }
    }

    /** Waits for a change, a forced run, a due retry or the safety poll. */
    private Wake awaitWork() throws InterruptedException {
        long poll = System.nanoTime() + SAFETY_POLL.toNanos();
        long deadline = retryAt != null && retryAt - poll < 0 ? retryAt : poll;
        synchronized (monitor) {
            while (running && !changed && !forced) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return retryAt != null && System.nanoTime() - retryAt >= 0 ? Wake.RETRY : Wake.POLL;
                }
                monitor.wait(Math.max(1, left / 1_000_000));
            }
            return forced ? Wake.FORCED : Wake.CHANGED;
        }
    }

    /**
     * Holds the pending changes as long as the policy says, looking at the backlog again after each
     * change; an operator's request or a due retry cuts it short.
     */
    private Hold hold() throws InterruptedException {
        while (running) {
            synchronized (monitor) {
                if (forced) {
                    decidedOn = null;
                    return Hold.FORCED;
                }
                changed = false;
            }
            Backlog backlog;
            try {
                backlog = run.backlog();
            } catch (RuntimeException e) {
                // The attempt will meet the same trouble and retry; never hold a change on a guess.
                LOG.warnf("Cannot read the export backlog (%s); applying now", e.getMessage());
                return Hold.DUE;
            }
            if (backlog.pending() == 0) {
                return Hold.NOTHING_PENDING;
            }
            decidedOn = backlog;
            long deadline = System.nanoTime() + policy.remaining(backlog).toNanos();
            if (retryAt != null && retryAt - deadline < 0) {
                deadline = retryAt;
            }
            synchronized (monitor) {
                while (running && !changed && !forced) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return Hold.DUE;
                    }
                    monitor.wait(left / 1_000_000, (int) (left % 1_000_000));
                }
            }
        }
        return Hold.DUE;
    }

    private void adapt(RunReport report) {
        if (report.status() == RunReport.Status.BUSY) {
            // Another instance is applying; try again shortly (it may have taken its table before this change).
            retryAt = System.nanoTime() + BUSY_PAUSE.toNanos();
            return;
        }
        // The run decided, by the database, whether a retry is pending and when it is due.
        retryAt = report.retryIn() == null ? null : System.nanoTime() + report.retryIn().toNanos();
        if (report.failed()) {
            LOG.infof("Next export apply attempt in %d ms unless the table changes first",
                    report.retryIn().toMillis());
        }
    }
}
