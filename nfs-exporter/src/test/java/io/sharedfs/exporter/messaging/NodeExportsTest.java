package io.sharedfs.exporter.messaging;

import static io.sharedfs.exporter.TestNodes.added;
import static io.sharedfs.exporter.TestNodes.address;
import static io.sharedfs.exporter.TestNodes.expectedLines;
import static io.sharedfs.exporter.TestNodes.provisioned;
import static io.sharedfs.exporter.TestNodes.removed;
import static io.sharedfs.exporter.TestNodes.sharedImage;
import static io.sharedfs.exporter.TestNodes.veId;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sharedfs.contracts.Keys;
import io.sharedfs.contracts.export.ExportsApplied;
import io.sharedfs.contracts.export.NodeExported;
import io.sharedfs.contracts.export.NodeUnexported;
import io.sharedfs.contracts.image.ImageDeleted;
import io.sharedfs.contracts.node.ImageRef;
import io.sharedfs.contracts.provisioning.NodeProvisioned;
import io.sharedfs.exporter.Bus;
import io.sharedfs.exporter.ExportsFile;
import io.sharedfs.exporter.TestDb;
import io.sharedfs.exporter.TestNodes;
import io.sharedfs.testsupport.KafkaTestClient;
import io.sharedfs.testsupport.SharedfsInfrastructure;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Nodes enter the exports file once provisioned and leave it when removed or when their image is
 * deleted, each step reported on sharedfs.exports; events in any order or twice end the same way.
 */
@QuarkusTest
@WithTestResource(SharedfsInfrastructure.class)
class NodeExportsTest {

    @Test
    void aProvisionedNodeIsExportedToItsAddressOnlyAndReported() {
        long ve = veId();
        String address = address();
        ImageRef image = sharedImage();

        Bus.publish(added(ve, 1, address, image));
        Bus.publish(provisioned(ve, 1, image));

        NodeExported exported = awaitExported(ve, 1);
        assertEquals(address, exported.address());
        assertEquals(Bus.storageHost(), exported.storageHost());
        List<String> expected = expectedLines(ve, 1, address, image);
        assertEquals(expected.stream().map(line -> line.substring(0, line.indexOf(' '))).toList(), exported.paths());
        assertEquals(expected, ExportsFile.linesFor(address));
        ExportsApplied applied = Bus.await(ExportsApplied.class, event -> event.generation() == exported.generation());
        assertTrue(applied.entries() >= expected.size(), applied.toString());
    }

    @Test
    void provisioningReportedBeforeTheNodeIsAddedStillExportsIt() {
        long ve = veId();
        String address = address();
        ImageRef image = sharedImage();

        Bus.publishAndAwait(provisioned(ve, 1, image));
        Bus.publish(added(ve, 1, address, image));

        awaitExported(ve, 1);
        assertEquals(expectedLines(ve, 1, address, image), ExportsFile.linesFor(address));
    }

    @Test
    void aNodeOfANonSharedImageGetsItsWholeImageReadWrite() {
        long ve = veId();
        String address = address();
        ImageRef image = TestNodes.nonSharedImage();

        Bus.publish(added(ve, 1, address, image));
        Bus.publish(provisioned(ve, 1, image));

        assertEquals(List.of(image.rootPath()), awaitExported(ve, 1).paths());
        assertEquals(expectedLines(ve, 1, address, image), ExportsFile.linesFor(address));
    }

    @Test
    void aRemovedNodesExportsAreWithdrawnAndItIsReportedUnexported() {
        long ve = veId();
        String address = address();
        ImageRef image = sharedImage();
        Bus.publish(added(ve, 1, address, image));
        Bus.publish(provisioned(ve, 1, image));
        long exportedIn = awaitExported(ve, 1).generation();

        Bus.publish(removed(ve, 1, address, image));

        NodeUnexported unexported = awaitUnexported(ve, 1);
        assertTrue(unexported.generation() > exportedIn, unexported.toString());
        assertEquals(List.of(), ExportsFile.linesFor(address));
    }

    @Test
    void aNodeRemovedBeforeItWasEverExportedIsReportedUnexported() {
        long ve = veId();
        String address = address();
        ImageRef image = sharedImage();

        Bus.publish(added(ve, 1, address, image));
        Bus.publish(removed(ve, 1, address, image));

        assertEquals(address, awaitUnexported(ve, 1).address());
        // Provisioning that finishes after the removal does not bring it back.
        Bus.publishAndAwait(provisioned(ve, 1, image));
        awaitSettled();
        assertEquals(List.of(), ExportsFile.linesFor(address));
    }

    @Test
    void aRemovalOfANodeNeverHeardOfIsReportedUnexported() {
        long ve = veId();

        Bus.publish(removed(ve, 7, "10.255.0.7", sharedImage()));

        assertEquals(Bus.storageHost(), awaitUnexported(ve, 7).storageHost());
    }

    @Test
    void aDeletedImagesNodesAreWithdrawnAndLateNodesOfItAreNotExported() {
        long ve = veId();
        String address = address();
        ImageRef image = sharedImage();
        Bus.publish(added(ve, 1, address, image));
        Bus.publish(provisioned(ve, 1, image));
        awaitExported(ve, 1);

        Bus.publish(new ImageDeleted(image.imageId(), "web", image.storageHost(), image.rootPath()));

        awaitUnexported(ve, 1);
        assertEquals(List.of(), ExportsFile.linesFor(address));
        String late = address();
        Bus.publish(added(ve, 2, late, image));
        Bus.publishAndAwait(provisioned(ve, 2, image));
        awaitSettled();
        assertEquals(List.of(), ExportsFile.linesFor(late));
    }

    @Test
    void nodesOfAnotherStorageHostAreNotExportedHere() {
        long ve = veId();
        String elsewhere = address();
        ImageRef mine = sharedImage();
        ImageRef theirs = new ImageRef(UUID.randomUUID(), "other-host", mine.rootPath(), true, mine.privateDirs(),
                mine.sharedSubdirs(), mine.ramDirs());

        Bus.publish(added(ve, 1, elsewhere, theirs));
        Bus.publish(new NodeProvisioned(ve, 1, 1, theirs.imageId(), "other-host", theirs.rootPath() + "/private/1"));
        // A node of this host in the same VE, after them on the same partitions.
        String here = address();
        Bus.publish(added(ve, 2, here, mine));
        Bus.publish(provisioned(ve, 2, mine));

        awaitExported(ve, 2);
        assertEquals(List.of(), ExportsFile.linesFor(elsewhere));
        assertEquals(-1, TestDb.changedGeneration(ve, 1));
    }

    @Test
    void aNodeWhoseAddressIsNotOneMachineIsDeadLetteredWithTheReason() {
        long ve = veId();

        Bus.publish(added(ve, 1, "10.0.0.0/24", sharedImage()));

        String reason = KafkaTestClient.header(
                Bus.deadLetter(Keys.ve(ve), text -> text.contains("cannot be exported")), "dead-letter-reason");
        assertTrue(reason.contains("address '10.0.0.0/24' is a network, not a single address"), reason);
    }

    @Test
    void aNodeAddedOfTheSameAttemptWithAnotherAddressIsDeadLetteredAndTheExportsKeepTheirAddress() {
        long ve = veId();
        String address = address();
        String other = address();
        ImageRef image = sharedImage();
        Bus.publish(added(ve, 1, address, image));
        Bus.publish(provisioned(ve, 1, image));
        awaitExported(ve, 1);

        Bus.publish(added(ve, 1, other, image));

        String reason = KafkaTestClient.header(Bus.deadLetter(Keys.ve(ve), text -> text.contains(other)),
                "dead-letter-reason");
        assertTrue(reason.contains("a NodeAdded of the same attempt names " + other), reason);
        awaitSettled();
        assertEquals(List.of(), ExportsFile.linesFor(other));
        assertEquals(expectedLines(ve, 1, address, image), ExportsFile.linesFor(address));
    }

    @Test
    void redeliveredEventsChangeNothing() {
        long ve = veId();
        String address = address();
        ImageRef image = sharedImage();
        var add = added(ve, 1, address, image);
        var provision = provisioned(ve, 1, image);
        String addId = Bus.publish(add);
        String provisionId = Bus.publish(provision);
        awaitExported(ve, 1);
        long changedIn = TestDb.changedGeneration(ve, 1);

        // The same events again, once as redeliveries (same ids) and once re-sent with new ids.
        Bus.publish(add, addId);
        Bus.publish(provision, provisionId);
        Bus.publishAndAwait(add);
        Bus.publishAndAwait(provision);

        assertEquals(changedIn, TestDb.changedGeneration(ve, 1));
        awaitSettled();
        assertEquals(1, Bus.awaitAll(NodeExported.class, event -> event.veId() == ve, 1).size());
        assertEquals(expectedLines(ve, 1, address, image), ExportsFile.linesFor(address));
    }

    static NodeExported awaitExported(long ve, long vem) {
        return Bus.await(NodeExported.class, event -> event.veId() == ve && event.vemId() == vem);
    }

    static NodeUnexported awaitUnexported(long ve, long vem) {
        return Bus.await(NodeUnexported.class, event -> event.veId() == ve && event.vemId() == vem);
    }

    static void awaitSettled() {
        await("the applied table is the desired one").atMost(Bus.WAIT).until(TestDb::settled);
    }
}
