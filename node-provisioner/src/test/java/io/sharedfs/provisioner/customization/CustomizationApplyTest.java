package io.sharedfs.provisioner.customization;

import static io.sharedfs.provisioner.customization.CustomizedImage.CRONTAB;
import static io.sharedfs.provisioner.customization.CustomizedImage.SHARED_CONF;
import static io.sharedfs.provisioner.customization.CustomizedImage.attributes;
import static io.sharedfs.provisioner.customization.CustomizedImage.exists;
import static io.sharedfs.provisioner.customization.CustomizedImage.isRegular;
import static io.sharedfs.provisioner.customization.CustomizedImage.link;
import static io.sharedfs.provisioner.customization.CustomizedImage.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedfs.contracts.customization.CustomizationScope;
import io.sharedfs.contracts.node.NodeRef;
import io.sharedfs.provisioner.fs.TreeSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A customization applied on a real image: SPEC.md's crontab example per VE, per node and for all,
 * the starting copies keeping the original's mode, owner and mtime, existing nodes linked unless they
 * changed their copy, and nothing done for entries that are not VEs or nodes.
 */
class CustomizationApplyTest {

    private static final List<NodeRef> ALL_NODES = List.of(new NodeRef(10, 1), new NodeRef(10, 2), new NodeRef(20, 1));

    @Test
    void veScopeGivesEachVeItsOwnCopyAndTheImageALinkToTheVeView() throws Exception {
        CustomizedImage image = CustomizedImage.create("apply-ve");
        Path crontab = image.inImage("/etc/crontab");
        String originalAttributes = attributes(crontab);
        Map<String, TreeSnapshot.Entry> outsideBefore = TreeSnapshot.of(image.outside);
        CustomizationFs fs = image.fs(UUID.randomUUID(), "/etc/crontab", CustomizationScope.VE);

        fs.check();
        fs.saveOriginal();
        CustomizationFs.Copies copies = fs.copy();
        fs.link();

        assertEquals(List.of(10L, 20L), copies.veCopies(), "VEs 10 and 20; not the link named 30, not .staging");
        assertEquals(List.of(), copies.nodeCopies());
        for (long ve : List.of(10L, 20L)) {
            Path copy = image.veCustom(ve).resolve("etc/crontab");
            assertEquals(CRONTAB, read(copy), "VE " + ve + " starts with the image's content");
            assertEquals(originalAttributes, attributes(copy), "mode, owner and mtime kept");
            assertEquals("40755 0:0", attributes(copy.getParent()).substring(0, 9), "parents made root's, 0755");
        }
        assertTrue(Files.isSymbolicLink(crontab));
        assertEquals("/custom/ve/etc/crontab", link(crontab), "the node's view, never a server path");
        assertEquals(CRONTAB, read(fs.original()));
        assertEquals(originalAttributes, attributes(fs.original()));
        for (NodeRef node : ALL_NODES) {
            assertTrue(isRegular(image.tree(node.veId(), node.vemId()).resolve("etc/crontab")),
                    "without applyToExistingNodes the private copies are not touched");
        }
        assertEquals(outsideBefore, TreeSnapshot.of(image.outside), "nothing written through the links");
    }

    @Test
    void nodeScopeGivesEveryExistingNodeItsOwnCopy() throws Exception {
        CustomizedImage image = CustomizedImage.create("apply-node");
        String originalAttributes = attributes(image.inImage("/etc/hostname"));
        CustomizationFs fs = image.fs(UUID.randomUUID(), "/etc/hostname", CustomizationScope.NODE);

        fs.check();
        fs.saveOriginal();
        CustomizationFs.Copies copies = fs.copy();
        fs.link();

        assertEquals(ALL_NODES, copies.nodeCopies(), "not custom, init_vem, .hidden nor the link named 3");
        assertEquals(List.of(), copies.veCopies());
        for (NodeRef node : ALL_NODES) {
            Path copy = image.tree(node.veId(), node.vemId()).resolve("custom/etc/hostname");
            assertEquals("image\n", read(copy));
            assertEquals(originalAttributes, attributes(copy));
        }
        assertEquals("/custom/node/etc/hostname", link(image.inImage("/etc/hostname")));
        assertFalse(exists(image.veCustom(10).resolve("etc")), "no VE copy for a node-scoped file");
        assertFalse(exists(image.outside.resolve("custom")), "nothing through the link named 3");
    }

    @Test
    void allScopeMakesOneCopySharedByEveryNodeUnderTheImagesCustom() throws Exception {
        CustomizedImage image = CustomizedImage.create("apply-all");
        String originalAttributes = attributes(image.inImage("/var/lib/app/shared.conf"));
        CustomizationFs fs = image.fs(UUID.randomUUID(), "/var/lib/app/shared.conf", CustomizationScope.ALL);

        fs.check();
        fs.saveOriginal();
        CustomizationFs.Copies copies = fs.copy();
        fs.link();
        CustomizationFs.Linking linking = fs.linkExistingNodes();

        Path shared = image.root.resolve("custom/var/lib/app/shared.conf");
        assertEquals(SHARED_CONF, read(shared));
        assertEquals(originalAttributes, attributes(shared));
        assertEquals(List.of(), copies.veCopies());
        assertEquals(List.of(), copies.nodeCopies());
        assertEquals("/custom/var/lib/app/shared.conf", link(image.inImage("/var/lib/app/shared.conf")));
        assertEquals(ALL_NODES, linking.linkedNodes(), "the private /var copies read the shared file too");
        assertEquals("/custom/var/lib/app/shared.conf", link(image.tree(20, 1).resolve("var/lib/app/shared.conf")));
        try (var entries = Files.list(shared.getParent())) {
            assertEquals(List.of(shared), entries.toList(), "no temporary file left beside it");
        }
    }

    @Test
    void applyingToExistingNodesLinksUnchangedCopiesAndKeepsLocalChanges() throws Exception {
        CustomizedImage image = CustomizedImage.create("apply-existing");
        Path changed = image.tree(10, 2).resolve("etc/crontab");
        Files.writeString(changed, CRONTAB + "# node 10/2 only\n");
        String changedAttributes = attributes(changed);
        Files.delete(image.tree(20, 1).resolve("etc/crontab"));
        CustomizationFs fs = image.fs(UUID.randomUUID(), "/etc/crontab", CustomizationScope.VE);

        fs.check();
        fs.saveOriginal();
        fs.copy();
        fs.link();
        CustomizationFs.Linking linking = fs.linkExistingNodes();

        assertEquals(List.of(new NodeRef(10, 1)), linking.linkedNodes());
        assertEquals(List.of(new NodeRef(10, 2), new NodeRef(20, 1)), linking.keptLocalChanges(),
                "a changed copy and a deleted one are the node's business");
        assertEquals("/custom/ve/etc/crontab", link(image.tree(10, 1).resolve("etc/crontab")));
        assertEquals(CRONTAB + "# node 10/2 only\n", read(changed));
        assertEquals(changedAttributes, attributes(changed), "left exactly as it was");
        assertFalse(exists(image.tree(20, 1).resolve("etc/crontab")), "a missing copy is not recreated");
        assertEquals(linking, fs.linkExistingNodes(), "again: the link already there counts as linked");
    }

    @Test
    void aPathUnderASharedSubdirIsNeverTouchedInTheNodesTrees() throws Exception {
        CustomizedImage image = CustomizedImage.create("apply-shared-subdir");
        Path nodeCopy = image.tree(10, 1).resolve("var/lib/rpm/Packages");
        Map<String, TreeSnapshot.Entry> trees = TreeSnapshot.of(image.paths.veDir(10));
        CustomizationFs fs = image.fs(UUID.randomUUID(), "/var/lib/rpm/Packages", CustomizationScope.ALL);

        fs.check();
        fs.saveOriginal();
        fs.copy();
        fs.link();
        CustomizationFs.Linking linking = fs.linkExistingNodes();

        assertEquals(new CustomizationFs.Linking(List.of(), List.of()), linking,
                "the image's /var/lib/rpm is mounted over the nodes' copies: they are not per node");
        assertTrue(isRegular(nodeCopy));
        assertEquals(trees, TreeSnapshot.of(image.paths.veDir(10)));
        assertEquals("/custom/var/lib/rpm/Packages", link(image.inImage("/var/lib/rpm/Packages")));
    }

    @Test
    void aCopyAlreadyThereIsNeverOverwrittenButCounts() throws Exception {
        CustomizedImage image = CustomizedImage.create("apply-no-replace");
        Path uploaded = image.veCustom(20).resolve("etc/crontab");
        Files.createDirectories(uploaded.getParent());
        Files.writeString(uploaded, "# VE 20's own\n");
        CustomizationFs fs = image.fs(UUID.randomUUID(), "/etc/crontab", CustomizationScope.VE);

        fs.check();
        fs.saveOriginal();
        CustomizationFs.Copies copies = fs.copy();

        assertEquals(List.of(10L, 20L), copies.veCopies());
        assertEquals("# VE 20's own\n", read(uploaded));
        assertEquals(CRONTAB, read(image.veCustom(10).resolve("etc/crontab")));
    }

    @Test
    void aVeWhoseCustomDirLeadsOutsideThroughALinkGetsNoCopyAndNothingIsWrittenOutside() throws Exception {
        CustomizedImage image = CustomizedImage.create("apply-ve-link");
        // A node of VE 20 swapped its /custom/ve/etc for a link to a directory of the storage host.
        Files.createSymbolicLink(image.veCustom(20).resolve("etc"), image.outside);
        Map<String, TreeSnapshot.Entry> outsideBefore = TreeSnapshot.of(image.outside);
        CustomizationFs fs = image.fs(UUID.randomUUID(), "/etc/crontab", CustomizationScope.VE);

        fs.check();
        fs.saveOriginal();
        CustomizationFs.Copies copies = fs.copy();

        assertEquals(List.of(10L), copies.veCopies());
        assertEquals(outsideBefore, TreeSnapshot.of(image.outside));
        assertEquals("outside the image\n", read(image.outside.resolve("crontab")));
    }

    @Test
    void aNodeWhosePrivateEtcIsALinkOutsideIsKeptAndNothingIsWrittenOutside() throws Exception {
        CustomizedImage image = CustomizedImage.create("apply-node-link");
        Path etc = image.tree(10, 2).resolve("etc");
        Files.move(etc, image.tree(10, 2).resolve("etc.real"));
        Files.createSymbolicLink(etc, image.outside);
        Files.writeString(image.outside.resolve("crontab"), CRONTAB);
        Map<String, TreeSnapshot.Entry> outsideBefore = TreeSnapshot.of(image.outside);
        CustomizationFs fs = image.fs(UUID.randomUUID(), "/etc/crontab", CustomizationScope.VE);

        fs.check();
        fs.saveOriginal();
        fs.copy();
        fs.link();
        CustomizationFs.Linking linking = fs.linkExistingNodes();

        assertEquals(List.of(new NodeRef(10, 2)), linking.keptLocalChanges());
        assertEquals(outsideBefore, TreeSnapshot.of(image.outside), "the file outside has the same bytes: still not linked");
    }
}
