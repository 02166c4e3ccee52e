package io.sharedfs.exporter.apply;

import static io.sharedfs.exporter.TestNodes.added;
import static io.sharedfs.exporter.TestNodes.address;
import static io.sharedfs.exporter.TestNodes.expectedLines;
import static io.sharedfs.exporter.TestNodes.provisioned;
import static io.sharedfs.exporter.TestNodes.removed;
import static io.sharedfs.exporter.TestNodes.veId;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.sharedfs.contracts.export.ExportsApplied;
import io.sharedfs.contracts.export.ExportsApplyFailed;
import io.sharedfs.contracts.export.NodeExported;
import io.sharedfs.contracts.export.NodeUnexported;
import io.sharedfs.contracts.node.ImageRef;
import io.sharedfs.contracts.node.NodeRef;
import io.sharedfs.exporter.Bus;
import io.sharedfs.exporter.TestDb;
import io.sharedfs.exporter.TestNodes;
import io.sharedfs.testsupport.SharedfsInfrastructure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real thing: the file goes into the real {@code /etc/exports.d}, the real {@code exportfs -ra}
 * takes it, and the kernel's export table ({@code exportfs -v}) lists exactly the nodes' paths.
 * A deliberately bad entry (an option this exportfs does not know, configured for non-shared
 * images only) makes exportfs fail: the previous file comes back and the failure is published.
 * {@link RealExportsDirectory} removes every file written once the application has stopped.
 */
@QuarkusTest
@TestProfile(RealExportfsTest.RealExportfs.class)
@WithTestResource(SharedfsInfrastructure.class)
class RealExportfsTest {

    /** The profile whose application uses the real directory and command. */
    public static class RealExportfs implements QuarkusTestProfile {

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(RealExportsDirectory.class));
        }
    }

    private static final Path FILE = RealExportsDirectory.DIR.resolve(RealExportsDirectory.FILE_NAME);

    @BeforeEach
    void exportfsIsInstalled() {
        assertTrue(RealExportsDirectory.exportfsInstalled(), RealExportsDirectory.EXPORTFS
                + " is missing: install the Debian package nfs-kernel-server (.ci/run installs it)");
    }

    @Test
    void exportfsTakesTheRenderedFileAndABadEntryIsRolledBackAndPublished() throws IOException {
        long ve = veId();
        ImageRef web = TestNodes.sharedImage();
        String first = address();
        String second = address();
        Bus.publish(added(ve, 1, first, web));
        Bus.publish(added(ve, 2, second, web));
        Bus.publish(provisioned(ve, 1, web));
        Bus.publish(provisioned(ve, 2, web));

        awaitExported(ve, 1);
        awaitExported(ve, 2);
        await().atMost(Bus.WAIT).until(TestDb::settled);
        String accepted = Files.readString(FILE);
        assertTrue(accepted.contains(String.join("\n", expectedLines(ve, 1, first, web))), accepted);
        assertTrue(accepted.contains(String.join("\n", expectedLines(ve, 2, second, web))), accepted);
        String kernel = RealExportsDirectory.exportfs("-v");
        assertTrue(kernel.contains(web.rootPath() + "/private/" + ve + "/2/var"), kernel);
        assertTrue(kernel.contains(second + "("), kernel);

        long badVe = veId();
        ImageRef single = TestNodes.nonSharedImage();
        String third = address();
        Bus.publish(added(badVe, 1, third, single));
        Bus.publish(provisioned(badVe, 1, single));

        ExportsApplyFailed failed = Bus.await(ExportsApplyFailed.class,
                event -> event.nodes().contains(new NodeRef(badVe, 1)));
        assertTrue(failed.message().startsWith(RealExportsDirectory.EXPORTFS + " -ra exited with 1"), failed.message());
        assertTrue(failed.message().contains("unknown keyword \"" + RealExportsDirectory.BAD_OPTION + "\""),
                failed.message());
        assertTrue(failed.message().endsWith("the previous file was restored and applied again"), failed.message());
        assertEquals(accepted, Files.readString(FILE));
        assertFalse(RealExportsDirectory.exportfs("-v").contains(single.rootPath()), "the bad entry is exported");

        Bus.publish(removed(badVe, 1, third, single));
        NodeUnexported gone = Bus.await(NodeUnexported.class, event -> event.veId() == badVe);
        Bus.await(ExportsApplied.class, event -> event.generation() == gone.generation());
        Bus.publish(removed(ve, 1, first, web));
        Bus.publish(removed(ve, 2, second, web));
        Bus.await(NodeUnexported.class, event -> event.veId() == ve && event.vemId() == 1);
        Bus.await(NodeUnexported.class, event -> event.veId() == ve && event.vemId() == 2);
        await().atMost(Bus.WAIT).until(TestDb::settled);
        assertFalse(RealExportsDirectory.exportfs("-v").contains(web.rootPath()), "exports left in the kernel");
    }

    private static void awaitExported(long ve, long vem) {
        Bus.await(NodeExported.class, event -> event.veId() == ve && event.vemId() == vem);
    }
}
