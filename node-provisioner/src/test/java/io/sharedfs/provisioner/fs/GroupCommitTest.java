package io.sharedfs.provisioner.fs;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Callers that ask for a flush while one runs share the next one, and none returns before a flush
 * that began after its call has succeeded.
 */
class GroupCommitTest {

    private final GroupCommit<String> commits = new GroupCommit<>();
    private final AtomicInteger started = new AtomicInteger();
    private final AtomicInteger finished = new AtomicInteger();

    @Test
    void aLoneCallerRunsItsOwnFlushAtOnce() throws IOException {
        commits.await("fs", this::flush);
        commits.await("fs", this::flush);

        assertEquals(2, commits.flushes());
        assertEquals(2, commits.requests());
    }

    @Test
    void callersArrivingDuringAFlushShareTheNextOneAndNoneReturnsOnTheFlushThatWasRunning() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> first = call(() -> {
            started.incrementAndGet();
            hold(release);
            finished.incrementAndGet();
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> started.get() == 1);
        // Seven more callers while the first flush runs: their writes may be after its start.
        List<CompletableFuture<Void>> others = new ArrayList<>();
        List<Integer> flushesSeenOnReturn = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            others.add(call(() -> {
                started.incrementAndGet();
                finished.incrementAndGet();
            }).thenRun(() -> {
                synchronized (flushesSeenOnReturn) {
                    flushesSeenOnReturn.add(finished.get());
                }
            }));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> commits.requests() == 8);
        TimeUnit.MILLISECONDS.sleep(50);
        assertFalse(others.stream().anyMatch(CompletableFuture::isDone), "returned on a flush begun before its call");

        release.countDown();
        first.get(10, TimeUnit.SECONDS);
        for (CompletableFuture<Void> other : others) {
            other.get(10, TimeUnit.SECONDS);
        }

        assertEquals(2, commits.flushes(), "eight callers, two flushes");
        assertTrue(flushesSeenOnReturn.stream().allMatch(seen -> seen == 2), flushesSeenOnReturn.toString());
    }

    @Test
    void aFailedFlushFailsEveryCallerItWasForAndTheNextCallFlushesAgain() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> first = call(() -> {
            started.incrementAndGet();
            hold(release);
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> started.get() == 1);
        List<CompletableFuture<Void>> failing = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            failing.add(call(() -> {
                throw new IOException("sync --file-system failed");
            }));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> commits.requests() == 4);
        release.countDown();
        first.get(10, TimeUnit.SECONDS);
        for (CompletableFuture<Void> call : failing) {
            ExecutionException failed = assertThrows(ExecutionException.class, () -> call.get(10, TimeUnit.SECONDS));
            assertTrue(failed.getCause().getMessage().contains("sync --file-system failed"), failed.toString());
        }
        assertEquals(2, commits.flushes());

        commits.await("fs", this::flush);
        assertEquals(3, commits.flushes());
    }

    @Test
    void keysAreFlushedApart() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> slow = call(() -> hold(release));
        await().atMost(Duration.ofSeconds(10)).until(() -> commits.flushes() == 1);

        commits.await("another file system", this::flush);

        assertEquals(2, commits.flushes());
        assertFalse(slow.isDone());
        release.countDown();
        slow.get(10, TimeUnit.SECONDS);
    }

    private void flush() {
        started.incrementAndGet();
        finished.incrementAndGet();
    }

    private CompletableFuture<Void> call(GroupCommit.Flush flush) {
        return CompletableFuture.runAsync(() -> {
            try {
                commits.await("fs", flush);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, runnable -> new Thread(runnable).start()).exceptionallyCompose(failure -> {
            Throwable cause = failure instanceof java.util.concurrent.CompletionException ? failure.getCause() : failure;
            return CompletableFuture.failedFuture(cause instanceof java.io.UncheckedIOException unchecked
                    ? unchecked.getCause() : cause);
        });
    }

    private static void hold(CountDownLatch latch) throws IOException {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IOException("never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
