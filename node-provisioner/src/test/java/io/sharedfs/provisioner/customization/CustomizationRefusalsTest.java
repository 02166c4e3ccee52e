package io.sharedfs.provisioner.customization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sharedfs.contracts.customization.CustomizationScope;
import io.sharedfs.provisioner.fs.TestImage;
import io.sharedfs.provisioner.fs.TreeSnapshot;
import io.sharedfs.provisioner.fs.UnsafeTreeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What cannot be customized is refused by the check, with a reason an operator can act on, and
 * nothing changes: not the image, not the nodes, not what a link points to.
 */
class CustomizationRefusalsTest {

    @Test
    void aMissingFileIsRefused() {
        CustomizedImage image = CustomizedImage.create("refuse-missing");

        assertRefused(image, "/etc/nothing-here", "/etc/nothing-here does not exist in the image");
    }

    @Test
    void aFileInAMissingDirectoryIsRefused() {
        CustomizedImage image = CustomizedImage.create("refuse-missing-dir");

        assertRefused(image, "/opt/app/app.conf", "/opt/app/app.conf does not exist in the image");
    }

    @Test
    void aDirectoryIsRefused() {
        CustomizedImage image = CustomizedImage.create("refuse-directory");

        assertRefused(image, "/var/lib",
                "/var/lib in the image is a directory, not a regular file; only a regular file can be customized");
    }

    @Test
    void aSymbolicLinkIsRefused() throws Exception {
        CustomizedImage image = CustomizedImage.create("refuse-link");
        Files.createSymbolicLink(image.inImage("/etc/localtime"), Path.of("/usr/share/zoneinfo/UTC"));

        assertRefused(image, "/etc/localtime", "/etc/localtime in the image is a symbolic link to"
                + " /usr/share/zoneinfo/UTC, not a regular file; only a regular file can be customized");
    }

    @Test
    void aFileBehindALinkedParentLeavingTheImageIsRefused() throws Exception {
        CustomizedImage image = CustomizedImage.create("refuse-parent-link");
        Files.createSymbolicLink(image.inImage("/opt"), image.outside);

        UnsafeTreeException refused = assertRefused(image, "/opt/crontab", null);

        assertEquals("/opt in the image is a symbolic link to " + image.outside
                + " (leading outside the image); sharedfs only copies and writes real directories", refused.getMessage());
    }

    @Test
    void aFileInsideALinkedParentStayingInTheImageIsRefusedToo() throws Exception {
        CustomizedImage image = CustomizedImage.create("refuse-inner-link");
        Files.createSymbolicLink(image.inImage("/etc2"), Path.of("etc"));

        UnsafeTreeException refused = assertRefused(image, "/etc2/crontab", null);

        assertEquals("/etc2 in the image is a symbolic link to etc (leading inside the image); sharedfs only copies"
                + " and writes real directories", refused.getMessage());
    }

    @Test
    void aFifoIsRefusedWithoutBeingOpened() throws Exception {
        CustomizedImage image = CustomizedImage.create("refuse-fifo");
        TestImage.run("mkfifo", image.inImage("/etc/initctl").toString());

        assertRefused(image, "/etc/initctl",
                "/etc/initctl in the image is a FIFO, not a regular file; only a regular file can be customized");
    }

    @Test
    void aFileUnderAFileIsRefused() {
        CustomizedImage image = CustomizedImage.create("refuse-file-parent");

        assertRefused(image, "/etc/crontab/x", "/etc/crontab in the image is a regular file, not a directory;"
                + " /etc/crontab/x cannot be in it");
    }

    @Test
    void theLinkOfAnotherCustomizationIsRefused() throws Exception {
        CustomizedImage image = CustomizedImage.create("refuse-other-customization");
        CustomizationFs first = image.fs(UUID.randomUUID(), "/etc/crontab", CustomizationScope.VE);
        first.check();
        first.saveOriginal();
        first.copy();
        first.link();

        assertRefused(image, "/etc/crontab", "/etc/crontab in the image is a symbolic link to /custom/ve/etc/crontab,"
                + " not a regular file; only a regular file can be customized");
    }

    @Test
    void anImageWithoutItsLayoutIsRefused() throws Exception {
        CustomizedImage image = CustomizedImage.create("refuse-layout");
        io.sharedfs.provisioner.fs.Durable.deleteTree(image.paths.privateRoot());

        assertRefused(image, "/etc/crontab",
                "the image has no /private directory; its layout is not prepared (is it marked shared?)");
    }

    @Test
    void theSharedCopyOfScopeAllCannotGoWhereADirectoryIsAndTheImageKeepsItsFile() throws Exception {
        CustomizedImage image = CustomizedImage.create("refuse-all-target");
        Files.createDirectories(image.root.resolve("custom/etc/crontab"));
        CustomizationFs fs = image.fs(UUID.randomUUID(), "/etc/crontab", CustomizationScope.ALL);
        fs.check();
        fs.saveOriginal();

        UnsafeTreeException refused = assertThrows(UnsafeTreeException.class, fs::copy);

        assertEquals("/custom/etc/crontab in the image is a directory; the file shared by all nodes must go there",
                refused.getMessage());
        assertEquals(CustomizedImage.CRONTAB, CustomizedImage.read(image.inImage("/etc/crontab")));
    }

    /** Checks that the check refuses with {@code reason} (when given) and that the disk is unchanged. */
    private static UnsafeTreeException assertRefused(CustomizedImage image, String path, String reason) {
        Map<String, TreeSnapshot.Entry> before = image.snapshot();
        CustomizationFs fs = image.fs(UUID.randomUUID(), path, CustomizationScope.VE);

        UnsafeTreeException refused = assertThrows(UnsafeTreeException.class, fs::check);

        if (reason != null) {
            assertEquals(reason, refused.getMessage());
        }
        assertEquals(before, image.snapshot(), "nothing changed");
        return refused;
    }
}
