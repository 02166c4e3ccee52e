package io.sharedfs.provisioner.customization;

import static io.sharedfs.provisioner.customization.CustomizedImage.exists;
import static io.sharedfs.provisioner.customization.CustomizedImage.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sharedfs.provisioner.fs.TreeSnapshot;
import io.sharedfs.provisioner.fs.UnsafeTreeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Uploaded content lands in the VE's or the node's custom dir, replacing the old content in one
 * rename with its owner and mode; a node tree not built yet is not made; anything but a regular file
 * or real directories on the way is refused, and nothing is written through a link.
 */
class CustomFileWriterTest {

    @Test
    void aVesFileIsWrittenWithItsDirectoriesMade() throws Exception {
        CustomizedImage image = CustomizedImage.create("write-ve");

        Path written = writer(image).write(image.paths, 40, null, "/etc/cron.d/backup", bytes("0 3 * * * backup\n"));

        assertEquals(image.paths.veCustom(40).resolve("etc/cron.d/backup"), written);
        assertEquals("0 3 * * * backup\n", read(written));
        assertEquals("100644 0:0", CustomizedImage.attributes(written).substring(0, 10));
    }

    @Test
    void aNewRevisionReplacesTheContentAndKeepsOwnerAndMode() throws Exception {
        CustomizedImage image = CustomizedImage.create("write-replace");
        Path copy = image.veCustom(10).resolve("etc/crontab");
        Files.createDirectories(copy.getParent());
        Files.writeString(copy, "old\n");
        Files.setAttribute(copy, "unix:uid", 1234);
        Files.setAttribute(copy, "unix:mode", 0640);

        writer(image).write(image.paths, 10, null, "/etc/crontab", bytes("new\n"));

        assertEquals("new\n", read(copy));
        assertEquals("100640 1234:", CustomizedImage.attributes(copy).substring(0, 12));
    }

    @Test
    void aNodesFileIsWrittenInItsTreesCustomDir() throws Exception {
        CustomizedImage image = CustomizedImage.create("write-node");

        Path written = writer(image).write(image.paths, 10, 2L, "/etc/hostname", bytes("n102\n"));

        assertEquals(image.tree(10, 2).resolve("custom/etc/hostname"), written);
        assertEquals("n102\n", read(written));
    }

    @Test
    void aNodeWithoutItsTreeYetGetsNothingAndNoTreeIsMade() throws Exception {
        CustomizedImage image = CustomizedImage.create("write-pending");

        assertNull(writer(image).write(image.paths, 10, 7L, "/etc/hostname", bytes("n107\n")));

        assertFalse(exists(image.tree(10, 7)), "the provisioner's rename must find it absent");
    }

    @Test
    void aDirectoryInTheWayIsRefused() throws Exception {
        CustomizedImage image = CustomizedImage.create("write-directory");
        Files.createDirectories(image.veCustom(10).resolve("etc/crontab"));
        Map<String, TreeSnapshot.Entry> before = image.snapshot();

        UnsafeTreeException refused = assertThrows(UnsafeTreeException.class,
                () -> writer(image).write(image.paths, 10, null, "/etc/crontab", bytes("x\n")));

        assertEquals(image.veCustom(10).resolve("etc/crontab") + " is a directory; the uploaded content can only"
                + " replace a regular file", refused.getMessage());
        assertEquals(before, image.snapshot());
    }

    @Test
    void aLinkAsTheTargetIsRefusedNotFollowed() throws Exception {
        CustomizedImage image = CustomizedImage.create("write-link-target");
        Path target = image.tree(10, 1).resolve("custom/etc/hostname");
        Files.createDirectories(target.getParent());
        Files.createSymbolicLink(target, image.outside.resolve("crontab"));
        Map<String, TreeSnapshot.Entry> before = image.snapshot();

        UnsafeTreeException refused = assertThrows(UnsafeTreeException.class,
                () -> writer(image).write(image.paths, 10, 1L, "/etc/hostname", bytes("x\n")));

        assertEquals(target + " is a symbolic link to " + image.outside.resolve("crontab")
                + "; the uploaded content can only replace a regular file", refused.getMessage());
        assertEquals(before, image.snapshot());
    }

    @Test
    void aLinkOnTheWayIsRefusedAndNothingIsWrittenWhereItLeads() throws Exception {
        CustomizedImage image = CustomizedImage.create("write-link-parent");
        Files.createSymbolicLink(image.veCustom(10).resolve("etc"), image.outside);
        Map<String, TreeSnapshot.Entry> before = image.snapshot();

        UnsafeTreeException refused = assertThrows(UnsafeTreeException.class,
                () -> writer(image).write(image.paths, 10, null, "/etc/crontab", bytes("x\n")));

        assertEquals(image.veCustom(10).resolve("etc") + " is a symbolic link to " + image.outside
                + ", not a directory; sharedfs never writes through a link or over a file in the way", refused.getMessage());
        assertEquals(before, image.snapshot());
        assertEquals("outside the image\n", read(image.outside.resolve("crontab")));
    }

    private static CustomFileWriter writer(CustomizedImage image) {
        return new CustomFileWriter(image.locks);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
