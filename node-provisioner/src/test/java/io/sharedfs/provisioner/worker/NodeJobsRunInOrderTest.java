package io.sharedfs.provisioner.worker;

import static io.sharedfs.provisioner.TestNodes.HOST;
import static io.sharedfs.provisioner.TestNodes.WAIT;
import static io.sharedfs.provisioner.TestNodes.added;
import static io.sharedfs.provisioner.TestNodes.exists;
import static io.sharedfs.provisioner.TestNodes.jobs;
import static io.sharedfs.provisioner.TestNodes.removed;
import static io.sharedfs.provisioner.TestNodes.tree;
import static io.sharedfs.provisioner.TestNodes.untilOutcome;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sharedfs.contracts.export.NodeUnexported;
import io.sharedfs.contracts.node.ImageRef;
import io.sharedfs.contracts.provisioning.PrivateTreePurged;
import io.sharedfs.provisioner.TestNodes;
import io.sharedfs.provisioner.TestNodes.JobRow;
import io.sharedfs.testsupport.SharedfsInfrastructure;
import io.sharedfs.testsupport.TestEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Workers run different nodes in parallel and one node's jobs strictly one after the other. */
@QuarkusTest
@WithTestResource(SharedfsInfrastructure.class)
class NodeJobsRunInOrderTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Test
    void aNodesPurgeWaitsForItsProvisioningWhileAnotherNodeGoesAhead() throws Exception {
        long ve = TestNodes.nextVe();
        Path root = TestNodes.preparedImage("order");
        Path started = root.resolveSibling("node-1-hook-started");
        Path release = root.resolveSibling("release-node-1");
        // Node 1's hook holds its provisioning until the test releases it; node 2's returns at once.
        TestNodes.hook(root, ve, "if [ \"$2\" = 1 ]; then touch " + started + "; while [ ! -e " + release
                + " ]; do sleep 0.05; done; fi\n");
        ImageRef ref = TestNodes.ref(root, true);

        TestEvents.publish(kafka, added(ve, 1, 1, ref));
        await().atMost(WAIT).until(() -> Files.exists(started));
        TestEvents.publish(kafka, removed(ve, 1, true, ref));
        TestEvents.publish(kafka, new NodeUnexported(ve, 1, "10.0.0.2", HOST, 1));
        await().atMost(WAIT).until(() -> purge(ve).map(job -> job.state().equals("PENDING")).orElse(false));
        TestEvents.publish(kafka, added(ve, 2, 1, ref));

        untilOutcome(kafka, ve, 2, 1);
        assertEquals("RUNNING", jobs(ve, 1).get(0).state(), "node 1 is still being provisioned");
        assertEquals("PENDING", purge(ve).orElseThrow().state(), "its purge waits for it");
        assertTrue(Files.isDirectory(tree(root, ve, 1)));

        Files.writeString(release, "");

        TestEvents.await(kafka, PrivateTreePurged.class, event -> event.veId() == ve && event.vemId() == 1);
        assertEquals(List.of("PrivateTreeCreated", "InitVemHookRan", "NodeProvisioned", "PrivateTreePurged"),
                TestNodes.types(TestNodes.provisioningEvents(kafka, ve, 1,
                        events -> TestNodes.types(events).contains("PrivateTreePurged"))));
        assertFalse(exists(tree(root, ve, 1)));
        assertEquals(List.of("DONE", "DONE"), jobs(ve, 1).stream().map(JobRow::state).toList());
    }

    private static java.util.Optional<JobRow> purge(long ve) {
        return jobs(ve, 1).stream().filter(job -> job.kind().equals("PURGE")).findFirst();
    }
}
