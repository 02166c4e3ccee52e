package io.sharedfs.provisioner.customization;

import static io.sharedfs.provisioner.customization.CustomizedImage.CRONTAB;
import static io.sharedfs.provisioner.customization.CustomizedImage.attributes;
import static io.sharedfs.provisioner.customization.CustomizedImage.isRegular;
import static io.sharedfs.provisioner.customization.CustomizedImage.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedfs.contracts.customization.CustomizationScope;
import io.sharedfs.contracts.node.NodeRef;
import io.sharedfs.provisioner.fs.TreeSnapshot;
import io.sharedfs.provisioner.fs.UnsafeTreeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A revert gives the image its original file back (bytes, mode, owner, mtime) and turns the nodes'
 * linked private copies into regular files holding what the link showed them; the VE, node and
 * shared copies stay (they are data). A file changed by hand is not reverted, and nothing changes.
 */
class CustomizationRevertTest {

    @Test
    void theImageGetsItsOriginalBackAndLinkedNodesKeepWhatTheySaw() throws Exception {
        CustomizedImage image = CustomizedImage.create("revert-ve");
        String originalAttributes = attributes(image.inImage("/etc/crontab"));
        Files.writeString(image.tree(10, 2).resolve("etc/crontab"), "# local change of 10/2\n");
        UUID id = UUID.randomUUID();
        apply(image.fs(id, "/etc/crontab", CustomizationScope.VE));
        Path ve10 = image.veCustom(10).resolve("etc/crontab");
        Files.writeString(ve10, "# jobs of VE 10\n");
        CustomizationFs fs = image.fs(id, "/etc/crontab", CustomizationScope.VE);

        assertEquals(CustomizationFs.ImageFile.LINKED, fs.checkRevert());
        List<NodeRef> planned = fs.nodesShowingTheLink();
        fs.restoreImage();
        List<NodeRef> restored = fs.restoreNodes(planned);

        assertEquals(List.of(new NodeRef(10, 1), new NodeRef(20, 1)), restored);
        Path crontab = image.inImage("/etc/crontab");
        assertTrue(isRegular(crontab));
        assertEquals(CRONTAB, read(crontab));
        assertEquals(originalAttributes, attributes(crontab), "mode, owner and mtime of the original");
        Path node101 = image.tree(10, 1).resolve("etc/crontab");
        assertTrue(isRegular(node101));
        assertEquals("# jobs of VE 10\n", read(node101), "what the link showed node 10/1");
        assertEquals(attributes(ve10), attributes(node101));
        assertEquals(CRONTAB, read(image.tree(20, 1).resolve("etc/crontab")), "VE 20's copy had the starting content");
        assertEquals("# local change of 10/2\n", read(image.tree(10, 2).resolve("etc/crontab")));
        assertEquals("# jobs of VE 10\n", read(ve10), "the VE's copy is data: kept");
        assertTrue(isRegular(image.veCustom(20).resolve("etc/crontab")));
    }

    @Test
    void aNodeScopedRevertGivesEachNodeItsOwnCopyOrTheOriginalWhenItsCopyIsGone() throws Exception {
        CustomizedImage image = CustomizedImage.create("revert-node");
        UUID id = UUID.randomUUID();
        apply(image.fs(id, "/etc/hostname", CustomizationScope.NODE));
        Files.writeString(image.tree(10, 1).resolve("custom/etc/hostname"), "n101\n");
        Files.delete(image.tree(10, 2).resolve("custom/etc/hostname"));
        Files.delete(image.tree(20, 1).resolve("custom/etc/hostname"));
        Files.createSymbolicLink(image.tree(20, 1).resolve("custom/etc/hostname"), image.outside.resolve("crontab"));
        CustomizationFs fs = image.fs(id, "/etc/hostname", CustomizationScope.NODE);

        fs.checkRevert();
        fs.restoreImage();
        List<NodeRef> restored = fs.restoreNodes(List.of());

        assertEquals(List.of(new NodeRef(10, 1), new NodeRef(10, 2), new NodeRef(20, 1)), restored);
        assertEquals("n101\n", read(image.tree(10, 1).resolve("etc/hostname")));
        assertEquals("image\n", read(image.tree(10, 2).resolve("etc/hostname")), "no copy: the original");
        assertEquals("image\n", read(image.tree(20, 1).resolve("etc/hostname")),
                "a copy that is a link is never read through: the original");
        assertEquals("image\n", read(image.inImage("/etc/hostname")));
    }

    @Test
    void anImageFileChangedByHandIsNotRevertedAndNothingChanges() throws Exception {
        CustomizedImage image = CustomizedImage.create("revert-changed");
        UUID id = UUID.randomUUID();
        apply(image.fs(id, "/etc/crontab", CustomizationScope.VE));
        Path crontab = image.inImage("/etc/crontab");
        Files.delete(crontab);
        Files.writeString(crontab, "# the operator's own\n");
        Map<String, TreeSnapshot.Entry> before = image.snapshot();
        CustomizationFs fs = image.fs(id, "/etc/crontab", CustomizationScope.VE);

        UnsafeTreeException refused = assertThrows(UnsafeTreeException.class, fs::checkRevert);
        assertThrows(UnsafeTreeException.class, fs::restoreImage);

        assertEquals("/etc/crontab in the image is no longer the link to /custom/ve/etc/crontab this customization"
                + " made (it is a regular file): it was changed by hand, so nothing was reverted", refused.getMessage());
        assertEquals(before, image.snapshot());
    }

    @Test
    void anImageFileLinkedElsewhereByHandIsNotReverted() throws Exception {
        CustomizedImage image = CustomizedImage.create("revert-relinked");
        UUID id = UUID.randomUUID();
        apply(image.fs(id, "/etc/crontab", CustomizationScope.VE));
        Path crontab = image.inImage("/etc/crontab");
        Files.delete(crontab);
        Files.createSymbolicLink(crontab, Path.of("/custom/node/etc/crontab"));
        Map<String, TreeSnapshot.Entry> before = image.snapshot();

        UnsafeTreeException refused = assertThrows(UnsafeTreeException.class,
                image.fs(id, "/etc/crontab", CustomizationScope.VE)::checkRevert);

        assertTrue(refused.getMessage().contains("(it is a symbolic link to /custom/node/etc/crontab)"), refused.getMessage());
        assertEquals(before, image.snapshot());
    }

    @Test
    void aCustomizationNeverAppliedHereHasNothingToRestore() {
        CustomizedImage image = CustomizedImage.create("revert-unknown");
        UUID id = UUID.randomUUID();
        Map<String, TreeSnapshot.Entry> before = image.snapshot();

        UnsafeTreeException refused = assertThrows(UnsafeTreeException.class,
                image.fs(id, "/etc/crontab", CustomizationScope.VE)::checkRevert);

        assertTrue(refused.getMessage().contains("customization " + id + " was never applied here"), refused.getMessage());
        assertEquals(before, image.snapshot());
    }

    @Test
    void aRevertKilledHalfwayIsRunAgainAndReportsEveryNodeItRestored() throws Exception {
        CustomizedImage image = CustomizedImage.create("revert-crash");
        UUID id = UUID.randomUUID();
        apply(image.fs(id, "/etc/crontab", CustomizationScope.VE));
        CustomizationFs first = image.fs(id, "/etc/crontab", CustomizationScope.VE);
        List<NodeRef> planned = first.nodesShowingTheLink();
        first.restoreImage();
        first.restoreNode(10, 1);
        // Killed here; the plan was recorded before the first change.

        CustomizationFs again = image.fs(id, "/etc/crontab", CustomizationScope.VE);
        assertEquals(CustomizationFs.ImageFile.RESTORED, again.checkRevert());
        again.restoreImage();
        List<NodeRef> restored = again.restoreNodes(planned);

        assertEquals(List.of(new NodeRef(10, 1), new NodeRef(10, 2), new NodeRef(20, 1)), restored);
        for (NodeRef node : restored) {
            assertEquals(CRONTAB, read(image.tree(node.veId(), node.vemId()).resolve("etc/crontab")));
        }
        Map<String, TreeSnapshot.Entry> after = image.snapshot();
        assertEquals(List.of(new NodeRef(10, 1), new NodeRef(10, 2), new NodeRef(20, 1)), again.restoreNodes(planned),
                "and again: the same report");
        assertEquals(after, image.snapshot(), "and nothing changed the third time");
    }

    private static void apply(CustomizationFs fs) throws Exception {
        fs.check();
        fs.saveOriginal();
        fs.copy();
        fs.link();
        fs.linkExistingNodes();
    }
}
