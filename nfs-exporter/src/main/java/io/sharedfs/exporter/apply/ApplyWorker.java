package io.sharedfs.exporter.apply;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.sharedfs.exporter.config.ExportSettings;
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
 * changes and wake it. Changes arriving within the apply window are applied by one run; while
 * changes keep pouring in (each run carrying at least {@code apply-burst} of them) the window
 * doubles up to {@code apply-max-window}, so a burst of a thousand nodes costs a handful of runs,
 * and it shrinks back as soon as the host is quiet. A failed run is retried with a doubling
 * backoff. On start the table is re-applied from the database whatever the file holds.
 */
@ApplicationScoped
public class ApplyWorker {

    private static final Logger LOG = Logger.getLogger(ApplyWorker.class);
    /** How often the worker looks at the database unasked (changes another instance recorded). */
    private static final Duration SAFETY_POLL = Duration.ofSeconds(5);

    private final ApplyRun run;
    private final ExportSettings settings;
    private final Object monitor = new Object();

    // Guarded by monitor.
    private boolean changed;
    private boolean forced;
    private final List<CompletableFuture<RunReport>> waiting = new ArrayList<>();

    private volatile boolean running;
    private volatile Thread thread;

    // Used by the worker thread only: the current window, and when a failed run's retry is due.
    private Duration window;
    private Long retryAt;

    public ApplyWorker(ApplyRun run, ExportSettings settings) {
        this.run = run;
        this.settings = settings;
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
        window = settings.applyWindow();
        retryAt = null;
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

    /** The desired table may have changed: apply it after the window. */
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
                boolean force = awaitWork();
                if (!force) {
                    force = coalesce();
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

    /** Waits for a change, a forced run, a due retry or the safety poll; returns whether forced. */
    private boolean awaitWork() throws InterruptedException {
        long deadline = retryAt != null ? retryAt : System.nanoTime() + SAFETY_POLL.toNanos();
        synchronized (monitor) {
            while (running && !changed && !forced) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                monitor.wait(Math.max(1, left / 1_000_000));
            }
            return forced;
        }
    }

    /** Lets further changes gather for the window; an operator's request cuts it short. */
    private boolean coalesce() throws InterruptedException {
        long deadline = System.nanoTime() + window.toNanos();
        synchronized (monitor) {
            while (running && !forced) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                monitor.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }

    private void adapt(RunReport report) {
        if (report.status() == RunReport.Status.BUSY) {
            // Another instance is applying; look again after a window (it may have missed this change).
            changed();
            return;
        }
        if (report.ran()) {
            window = report.changes() >= settings.applyBurst()
                    ? min(window.multipliedBy(2), settings.applyMaxWindow()) : settings.applyWindow();
        }
        // The run decided, by the database, whether a retry is pending and when it is due.
        retryAt = report.retryIn() == null ? null : System.nanoTime() + report.retryIn().toNanos();
        if (report.failed()) {
            LOG.infof("Next export apply attempt in %d ms unless the table changes first",
                    report.retryIn().toMillis());
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
