package io.sharedfs.exporter.apply;

import static io.sharedfs.exporter.TestNodes.added;
import static io.sharedfs.exporter.TestNodes.address;
import static io.sharedfs.exporter.TestNodes.expectedLines;
import static io.sharedfs.exporter.TestNodes.provisioned;
import static io.sharedfs.exporter.TestNodes.sharedImage;
import static io.sharedfs.exporter.TestNodes.veId;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sharedfs.contracts.export.ExportsApplyFailed;
import io.sharedfs.contracts.export.NodeExported;
import io.sharedfs.contracts.node.ImageRef;
import io.sharedfs.contracts.node.NodeRef;
import io.sharedfs.exporter.Bus;
import io.sharedfs.exporter.ExportsFile;
import io.sharedfs.testsupport.SharedfsInfrastructure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * When the apply command refuses the file, the previous file comes back, the failure is published
 * with the nodes concerned and the run is retried; a table the analyzer refuses is never written.
 */
@QuarkusTest
@WithTestResource(SharedfsInfrastructure.class)
class ApplyFailureTest {

    @AfterEach
    void applyCommandWorksAgain() {
        ExportsFile.succeed();
    }

    @Test
    void aRefusedFileIsReplacedByThePreviousOneTheFailureIsPublishedAndTheRunRetried() {
        long ve = veId();
        ImageRef image = sharedImage();
        String first = address();
        Bus.publish(added(ve, 1, first, image));
        Bus.publish(provisioned(ve, 1, image));
        awaitExported(ve, 1);
        String before = ExportsFile.text();

        ExportsFile.failWith("exportfs: /etc/exports.d/sharedfs.exports:3: unknown keyword \"simulated\"");
        String second = address();
        Bus.publish(added(ve, 2, second, image));
        Bus.publish(provisioned(ve, 2, image));

        ExportsApplyFailed failed = Bus.await(ExportsApplyFailed.class,
                event -> event.nodes().contains(new NodeRef(ve, 2)));
        assertEquals(Bus.storageHost(), failed.storageHost());
        assertTrue(failed.message().contains("unknown keyword \"simulated\""), failed.message());
        assertTrue(failed.message().contains("the previous file was restored"), failed.message());
        assertEquals(before, ExportsFile.text());

        ExportsFile.succeed();
        NodeExported exported = awaitExported(ve, 2);
        assertTrue(exported.generation() >= failed.generation(), exported + " after " + failed);
        assertEquals(expectedLines(ve, 2, second, image), ExportsFile.linesFor(second));
        assertEquals(expectedLines(ve, 1, first, image), ExportsFile.linesFor(first));
    }

    @Test
    void aTableWithAFindingIsNeverWrittenAndTheFindingIsPublished() throws IOException {
        long ve = veId();
        ImageRef image = sharedImage();
        Path privateRoot = Path.of(image.rootPath(), "private");
        Files.setPosixFilePermissions(privateRoot, PosixFilePermissions.fromString("rwxr-xr-x"));
        String address = address();
        int runs = ExportsFile.runs();

        Bus.publish(added(ve, 1, address, image));
        Bus.publish(provisioned(ve, 1, image));

        ExportsApplyFailed refused = Bus.await(ExportsApplyFailed.class,
                event -> event.nodes().contains(new NodeRef(ve, 1)));
        assertTrue(refused.message().startsWith("refused to write generation " + refused.generation()),
                refused.message());
        assertTrue(refused.message().contains("private-not-protected: " + privateRoot + " is mode 0755"),
                refused.message());
        assertEquals(List.of(), ExportsFile.linesFor(address));
        assertEquals(runs, ExportsFile.runs());

        Files.setPosixFilePermissions(privateRoot, PosixFilePermissions.fromString("rwx------"));
        awaitExported(ve, 1);
        assertEquals(expectedLines(ve, 1, address, image), ExportsFile.linesFor(address));
    }

    @Test
    void aMissingDirectoryHoldsTheTableBackUntilItAppears() throws IOException {
        long ve = veId();
        ImageRef image = sharedImage();
        String address = address();
        var provisioned = provisioned(ve, 1, image);
        Path etc = Path.of(image.rootPath(), "private", Long.toString(ve), "1", "etc");
        // As if someone removed it between provisioning and exporting.
        Files.delete(etc);
        Bus.publish(added(ve, 1, address, image));
        Bus.publish(provisioned);

        ExportsApplyFailed refused = Bus.await(ExportsApplyFailed.class,
                event -> event.nodes().contains(new NodeRef(ve, 1)));
        assertTrue(refused.message().contains(etc + " does not exist"), refused.message());

        Files.createDirectory(etc);
        awaitExported(ve, 1);
    }

    private static NodeExported awaitExported(long ve, long vem) {
        NodeExported exported = Bus.await(NodeExported.class, event -> event.veId() == ve && event.vemId() == vem);
        await().atMost(Bus.WAIT).until(() -> !ExportsFile.linesFor(exported.address()).isEmpty());
        return exported;
    }
}
