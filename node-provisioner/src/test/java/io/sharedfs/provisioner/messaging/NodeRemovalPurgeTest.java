package io.sharedfs.provisioner.messaging;

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
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * A removed node's private tree is persistent: it stays unless a purge is asked for, and a purge
 * waits until the node's exports are withdrawn, then takes the tree out of the image and reports it.
 */
@QuarkusTest
@WithTestResource(SharedfsInfrastructure.class)
class NodeRemovalPurgeTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Test
    void aPurgeWaitsForTheExportsToBeWithdrawnThenDeletesTheTree() throws Exception {
        long ve = TestNodes.nextVe();
        Path root = TestNodes.preparedImage("purge");
        ImageRef ref = TestNodes.ref(root, true);
        TestEvents.publish(kafka, added(ve, 1, 1, ref));
        untilOutcome(kafka, ve, 1, 1);
        Path tree = tree(root, ve, 1);
        Files.writeString(tree.resolve("etc/written-by-the-node"), "private data\n");

        TestEvents.publish(kafka, removed(ve, 1, true, ref));

        await().atMost(WAIT).until(() -> purgeJobs(ve, 1).size() == 1);
        assertEquals("WAITING", purgeJobs(ve, 1).get(0).state());
        assertTrue(Files.isDirectory(tree), "the tree stays while the node is still exported");

        TestEvents.publish(kafka, new NodeUnexported(ve, 1, "10.0.0.2", HOST, 7));

        PrivateTreePurged purged = TestEvents.await(kafka, PrivateTreePurged.class,
                event -> event.veId() == ve && event.vemId() == 1).body();
        assertEquals(new PrivateTreePurged(ve, 1, HOST, tree.toString()), purged);
        assertFalse(exists(tree));
        assertEquals("DONE", purgeJobs(ve, 1).get(0).state());
        assertTrue(Files.isDirectory(root.resolve("private/" + ve + "/custom")), "the VE's /custom/ve stays");
        try (Stream<Path> leftovers = Files.list(root.resolve("private/.staging"))) {
            assertEquals(List.of(), leftovers.toList(), "nothing of the tree is left in the staging directory");
        }
    }

    @Test
    void withoutPurgeTheTreeStaysAndNoJobIsRecorded() throws Exception {
        long ve = TestNodes.nextVe();
        Path root = TestNodes.preparedImage("no-purge");
        ImageRef ref = TestNodes.ref(root, true);
        TestEvents.publish(kafka, added(ve, 1, 1, ref));
        untilOutcome(kafka, ve, 1, 1);

        TestEvents.publish(kafka, removed(ve, 1, false, ref));
        TestEvents.publish(kafka, new NodeUnexported(ve, 1, "10.0.0.2", HOST, 8));
        // Fences on both topics, same key as above: node 2 is removed with purge and unexported.
        TestEvents.publish(kafka, removed(ve, 2, true, ref));
        TestEvents.publish(kafka, new NodeUnexported(ve, 2, "10.0.0.3", HOST, 9));

        TestEvents.await(kafka, PrivateTreePurged.class, event -> event.veId() == ve && event.vemId() == 2);
        assertEquals(List.of(), purgeJobs(ve, 1));
        assertTrue(Files.isDirectory(tree(root, ve, 1)), "the tree of a node removed without purge stays");
        assertEquals("node\n", Files.readString(tree(root, ve, 1).resolve("etc/hostname")));
    }

    @Test
    void unexportedBeforeTheRemovalIsSeenThePurgeRunsAtOnce() {
        long ve = TestNodes.nextVe();
        Path root = TestNodes.preparedImage("purge-late");
        ImageRef ref = TestNodes.ref(root, true);
        TestEvents.publish(kafka, added(ve, 1, 1, ref));
        untilOutcome(kafka, ve, 1, 1);

        // The two topics are consumed independently: the exports answer may be seen first.
        TestEvents.publish(kafka, new NodeUnexported(ve, 1, "10.0.0.2", HOST, 10));
        await().atMost(WAIT).until(() -> unexported(ve, 1));
        TestEvents.publish(kafka, removed(ve, 1, true, ref));

        TestEvents.await(kafka, PrivateTreePurged.class, event -> event.veId() == ve && event.vemId() == 1);
        assertFalse(exists(tree(root, ve, 1)));
    }

    private static List<JobRow> purgeJobs(long ve, long vem) {
        return jobs(ve, vem).stream().filter(job -> job.kind().equals("PURGE")).toList();
    }

    private static boolean unexported(long ve, long vem) {
        try (var connection = jakarta.enterprise.inject.spi.CDI.current().select(io.agroal.api.AgroalDataSource.class)
                        .get().getConnection();
                var select = connection.prepareStatement(
                        "SELECT unexported FROM node_record WHERE ve_id = ? AND vem_id = ?")) {
            select.setLong(1, ve);
            select.setLong(2, vem);
            try (var rs = select.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
