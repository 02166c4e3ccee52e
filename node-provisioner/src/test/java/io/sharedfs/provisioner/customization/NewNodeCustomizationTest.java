package io.sharedfs.provisioner.customization;

import static io.sharedfs.provisioner.customization.CustomizedImage.CRONTAB;
import static io.sharedfs.provisioner.customization.CustomizedImage.attributes;
import static io.sharedfs.provisioner.customization.CustomizedImage.link;
import static io.sharedfs.provisioner.customization.CustomizedImage.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedfs.contracts.customization.CustomizationScope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A VE or node that appears after a customization gets the same starting copy, from the kept
 * original; a copy already there is left alone and still counts; a tree built from the image before
 * its file became the link gets the link too.
 */
class NewNodeCustomizationTest {

    @Test
    void aNewVeGetsItsCopyFromTheOriginalEvenAfterTheImageFileBecameTheLink() throws Exception {
        CustomizedImage image = CustomizedImage.create("new-ve");
        String originalAttributes = attributes(image.inImage("/etc/crontab"));
        CustomizationFs fs = apply(image, CustomizationScope.VE);
        image.node(40, 1);

        assertTrue(fs.ensureVeCopy(40));

        assertEquals(CRONTAB, read(image.veCustom(40).resolve("etc/crontab")));
        assertEquals(originalAttributes, attributes(image.veCustom(40).resolve("etc/crontab")));
        assertEquals("/custom/ve/etc/crontab", link(image.tree(40, 1).resolve("etc/crontab")),
                "the new tree copied the image's link");
    }

    @Test
    void aNewNodeGetsItsCopyAndAnExistingOneIsNeitherReplacedNorAnError() throws Exception {
        CustomizedImage image = CustomizedImage.create("new-node");
        CustomizationFs fs = apply(image, CustomizationScope.NODE);
        image.node(10, 5);
        Path copy = image.tree(10, 5).resolve("custom/etc/crontab");

        assertTrue(fs.ensureNodeCopy(10, 5));
        Files.writeString(copy, "# uploaded for 10/5\n");
        assertTrue(fs.ensureNodeCopy(10, 5), "again: already there, fine");

        assertEquals("# uploaded for 10/5\n", read(copy));
    }

    @Test
    void aTreeCopiedWhileTheCustomizationWasAppliedGetsTheLinkLikeEveryLaterTree() throws Exception {
        CustomizedImage image = CustomizedImage.create("new-node-race");
        image.node(10, 6);
        CustomizationFs fs = apply(image, CustomizationScope.VE);

        assertTrue(fs.linkNewNode(10, 6));

        assertEquals("/custom/ve/etc/crontab", link(image.tree(10, 6).resolve("etc/crontab")));
    }

    @Test
    void aRevertedCustomizationTurnsTheLinkOfATreeCopiedDuringTheRevertIntoAFile() throws Exception {
        CustomizedImage image = CustomizedImage.create("new-node-revert");
        CustomizationFs fs = apply(image, CustomizationScope.VE);
        fs.restoreImage();
        image.node(10, 7);
        Files.delete(image.tree(10, 7).resolve("etc/crontab"));
        Files.createSymbolicLink(image.tree(10, 7).resolve("etc/crontab"), Path.of("/custom/ve/etc/crontab"));

        assertTrue(fs.restoreNode(10, 7));
        assertFalse(fs.restoreNode(10, 7), "a regular file now: nothing more to do");

        assertEquals(CRONTAB, read(image.tree(10, 7).resolve("etc/crontab")));
    }

    private static CustomizationFs apply(CustomizedImage image, CustomizationScope scope) throws Exception {
        CustomizationFs fs = image.fs(UUID.randomUUID(), "/etc/crontab", scope);
        fs.check();
        fs.saveOriginal();
        fs.copy();
        fs.link();
        return fs;
    }
}
