package io.sharedfs.provisioner.fs;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Group commit of a flush (a {@code syncfs} of a file system, an {@code fsync} of a directory):
 * callers that ask while a flush of the same key runs share the next one, instead of each running
 * its own. The guarantee of each call is that of a flush of its own: when it returns, a flush that
 * <em>started after the call began</em> has completed successfully, so everything the caller wrote
 * before calling is durable. A flush that fails fails every caller it was meant for.
 *
 * <p>There is no waiting for company: a caller finding no flush running starts one at once, so a
 * lone caller pays exactly what it paid before; batching appears by itself when callers overlap,
 * and the busier the key the larger the batches (with W workers, at most about W callers share a
 * flush, and at most one flush per key runs at a time).
 *
 * @param <K> what the flush is of (a device number, a directory)
 */
final class GroupCommit<K> {

    /** A flush that may fail with an I/O error. */
    interface Flush {
        void run() throws IOException;
    }

    private final Map<K, Group> groups = new HashMap<>();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong flushes = new AtomicLong();

    /** Returns once a flush of {@code key} that started after this call began has succeeded. */
    void await(K key, Flush flush) throws IOException {
        requests.incrementAndGet();
        Group group;
        synchronized (groups) {
            group = groups.computeIfAbsent(key, k -> new Group());
            group.users++;
        }
        try {
            group.await(flush);
        } finally {
            synchronized (groups) {
                if (--group.users == 0) {
                    groups.remove(key);
                }
            }
        }
    }

    /** How many callers asked for a flush so far. */
    long requests() {
        return requests.get();
    }

    /** How many flushes ran for them. */
    long flushes() {
        return flushes.get();
    }

    /** One key's flushes, numbered: {@code started} is the last one begun, {@code completed} the last one ended. */
    private final class Group {

        int users;
        private long started;
        private long completed;
        private long succeeded;
        private boolean running;
        private IOException failure;

        void await(Flush flush) throws IOException {
            long target;
            synchronized (this) {
                // A flush running now may have begun before this caller's writes: it needs the next one.
                target = started + 1;
                while (true) {
                    if (completed >= target) {
                        if (succeeded >= target) {
                            return;
                        }
                        throw new IOException(failure.getMessage(), failure);
                    }
                    if (!running) {
                        running = true;
                        started = target;
                        break;
                    }
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IOException("interrupted while waiting for a flush", e);
                    }
                }
            }
            IOException failed = null;
            try {
                flushes.incrementAndGet();
                flush.run();
            } catch (IOException e) {
                failed = e;
            } catch (RuntimeException | Error e) {
                failed = new IOException("flush failed: " + e, e);
                throw e;
            } finally {
                synchronized (this) {
                    running = false;
                    completed = target;
                    if (failed == null) {
                        succeeded = target;
                    } else {
                        failure = failed;
                    }
                    notifyAll();
                }
            }
            if (failed != null) {
                throw failed;
            }
        }
    }
}
