package io.sharedfs.provisioner.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.sharedfs.contracts.node.ImageRef;
import io.sharedfs.provisioner.TestNodes;
import io.sharedfs.testsupport.SharedfsInfrastructure;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * Claims run side by side (no lock serialises them), yet a node never has two jobs running and
 * its jobs run in the order they were recorded, each exactly once.
 */
@QuarkusTest
@TestProfile(ConcurrentClaimsTest.NoWorkers.class)
@WithTestResource(SharedfsInfrastructure.class)
class ConcurrentClaimsTest {

    private static final int NODES = 20;
    private static final int JOBS_A_NODE = 3;
    private static final int CLAIMERS = 6;

    /** The test's threads are the only claimers. */
    public static class NoWorkers implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("sharedfs.provisioner.workers", "0");
        }
    }

    @Inject
    JobQueue queue;

    @Test
    void claimersSideBySideNeverRunTwoJobsOfANodeAtOnceAndKeepEachNodesOrder() throws Exception {
        long ve = TestNodes.nextVe();
        ImageRef image = TestNodes.ref(TestNodes.preparedImage("claims"), true);
        // A node's jobs recorded one after the other: the next due jobs are mostly the same node's.
        for (long vem = 1; vem <= NODES; vem++) {
            for (int attempt = 1; attempt <= JOBS_A_NODE; attempt++) {
                var added = TestNodes.added(ve, vem, attempt, image);
                QuarkusTransaction.requiringNew().run(() -> queue.provision(added));
            }
        }
        Map<Long, Long> running = new ConcurrentHashMap<>();
        Map<Long, List<Integer>> attemptsRun = new ConcurrentHashMap<>();
        List<String> overlaps = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger finished = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(CLAIMERS);
        try {
            List<Future<?>> claimers = new ArrayList<>();
            for (int i = 0; i < CLAIMERS; i++) {
                claimers.add(pool.submit(() -> claimUntilAllFinished(ve, running, attemptsRun, overlaps, finished)));
            }
            for (Future<?> claimer : claimers) {
                claimer.get(2, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }

        assertEquals(List.of(), overlaps);
        assertEquals(NODES * JOBS_A_NODE, finished.get());
        for (long vem = 1; vem <= NODES; vem++) {
            assertEquals(List.of(1, 2, 3), attemptsRun.get(vem), "node " + vem + ": each job once, in order");
        }
    }

    private void claimUntilAllFinished(long ve, Map<Long, Long> running, Map<Long, List<Integer>> attemptsRun,
            List<String> overlaps, AtomicInteger finished) {
        while (finished.get() < NODES * JOBS_A_NODE) {
            Optional<Job> claimed = queue.claim();
            if (claimed.isEmpty()) {
                continue;
            }
            Job job = claimed.get();
            if (job.veId != ve) {
                // Another test's job left for later (a retry): not this test's to run.
                QuarkusTransaction.requiringNew().run(() -> queue.later(queue.lock(job.id), job.reason,
                        Duration.ofMinutes(10)));
                continue;
            }
            Long other = running.putIfAbsent(job.vemId, job.id);
            if (other != null) {
                overlaps.add("node " + job.vemId + ": job " + job.id + " claimed while job " + other + " ran");
            }
            attemptsRun.computeIfAbsent(job.vemId, vem -> Collections.synchronizedList(new ArrayList<>()))
                    .add(job.attempt);
            // The job's work: long enough for the other claimers to try this node's next job meanwhile.
            LockSupport.parkNanos(Duration.ofMillis(2).toNanos());
            running.remove(job.vemId, job.id);
            QuarkusTransaction.requiringNew().run(() -> queue.finish(queue.lock(job.id), JobState.DONE, null));
            finished.incrementAndGet();
        }
    }
}
