package io.sharedfs.provisioner.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sharedfs.contracts.node.ImageRef;
import io.sharedfs.provisioner.TestNodes;
import io.sharedfs.provisioner.TestNodes.JobRow;
import io.sharedfs.testsupport.SharedfsInfrastructure;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * NodeRemoved (purge) and NodeUnexported arrive on two topics and are recorded by two consumers side by side. When the
 * purge is recorded while the unexport is still committing, it must not miss it: found by ./sharedfs bench, where one
 * node of a hundred removed at once stayed REMOVING for ever with its purge job WAITING.
 */
@QuarkusTest
@WithTestResource(SharedfsInfrastructure.class)
class PurgeUnexportRaceTest {

    @Inject
    JobQueue queue;

    @Test
    void aPurgeRecordedWhileTheUnexportCommitsIsReleased() throws Exception {
        long ve = TestNodes.nextVe();
        ImageRef ref = TestNodes.ref(TestNodes.preparedImage("purge-race"), true);
        QuarkusTransaction.requiringNew().run(() -> NodeRecord.of(ve, 1));

        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch unexportRecorded = new CountDownLatch(1);
            CountDownLatch commitUnexport = new CountDownLatch(1);
            Future<?> exportsConsumer = threads.submit(() -> QuarkusTransaction.requiringNew().run(() -> {
                queue.unexported(ve, 1);
                unexportRecorded.countDown();
                await(commitUnexport); // the transaction stays open: its change is not visible yet
            }));
            assertTrue(unexportRecorded.await(30, TimeUnit.SECONDS), "the unexport was not recorded");

            Future<?> nodesConsumer = threads.submit(() -> QuarkusTransaction.requiringNew()
                    .run(() -> queue.purge(TestNodes.removed(ve, 1, true, ref))));
            try {
                nodesConsumer.get(2, TimeUnit.SECONDS); // unserialised, the purge is recorded WAITING here
            } catch (TimeoutException e) {
                // serialised: it waits for the unexport's transaction
            }
            commitUnexport.countDown();
            exportsConsumer.get(30, TimeUnit.SECONDS);
            nodesConsumer.get(30, TimeUnit.SECONDS);
        } finally {
            threads.shutdownNow();
        }

        List<JobRow> purges = TestNodes.jobs(ve, 1).stream().filter(job -> job.kind().equals("PURGE")).toList();
        assertEquals(1, purges.size());
        assertNotEquals("WAITING", purges.get(0).state(), "the purge waits for an unexport that has happened");
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never told to commit");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
