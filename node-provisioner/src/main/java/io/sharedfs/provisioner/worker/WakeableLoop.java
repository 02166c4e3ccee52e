package io.sharedfs.provisioner.worker;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The loop of a worker thread that takes due work from the database: it runs whatever is due, and
 * when nothing is, sleeps until {@link #wake()} (called after a commit that recorded work) or the
 * poll interval, which only catches work recorded by another instance.
 */
final class WakeableLoop {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private volatile boolean running;
    /** Counts wake-ups, so one that comes while a thread looks for work is not slept through. */
    private long wakeups;

    void start() {
        running = true;
    }

    /** Ends every thread in {@link #run} after its current piece of work. */
    void stop() {
        running = false;
        wake();
    }

    boolean running() {
        return running;
    }

    void wake() {
        lock.lock();
        try {
            wakeups++;
            work.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private long wakeups() {
        lock.lock();
        try {
            return wakeups;
        } finally {
            lock.unlock();
        }
    }

    /** Runs on the calling thread until {@link #stop()} or an interrupt. */
    <T> void run(Supplier<Optional<T>> next, Consumer<T> handler, Duration pollInterval) {
        while (running) {
            long seen = wakeups();
            Optional<T> due = next.get();
            if (due.isPresent()) {
                handler.accept(due.get());
                continue;
            }
            lock.lock();
            try {
                if (wakeups == seen && running) {
                    work.await(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                lock.unlock();
            }
        }
    }
}
