package io.sharedfs.provisioner.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A shared image gets {@code /custom/node}, {@code /custom/ve} and a root-only {@code /private};
 * a non-shared one is only checked; an unusable root or anything in the way is refused with a
 * reason an operator can act on, and nothing is written through a link.
 */
class LayoutPreparerTest {

    private Path scratch;
    private Path root;

    @BeforeEach
    void createRoot() throws IOException {
        TestImage.requireRoot();
        scratch = TestImage.scratch("layout");
        root = Files.createDirectory(scratch.resolve("image"));
        Files.createDirectory(root.resolve("etc"));
    }

    @AfterEach
    void removeRoot() throws IOException {
        if (scratch != null) {
            Durable.deleteTree(scratch);
        }
    }

    @Test
    void aSharedImageGetsCustomMountPointsAndARootOnlyPrivateDirectory() throws Exception {
        LayoutPreparer.prepare(ImagePaths.of(root.toString()), true);

        assertTrue(ImagePaths.isRealDirectory(root.resolve("custom/node")));
        assertTrue(ImagePaths.isRealDirectory(root.resolve("custom/ve")));
        Path privateRoot = root.resolve("private");
        assertTrue(ImagePaths.isRealDirectory(privateRoot));
        assertEquals(040700, Files.getAttribute(privateRoot, "unix:mode"));
        assertEquals(0, Files.getAttribute(privateRoot, "unix:uid"));
        assertEquals(0, Files.getAttribute(privateRoot, "unix:gid"));
    }

    @Test
    void anExistingPrivateDirectoryIsMadeRootOnly() throws Exception {
        Path privateRoot = Files.createDirectory(root.resolve("private"));
        Files.setAttribute(privateRoot, "unix:mode", 0755);
        Files.setAttribute(privateRoot, "unix:uid", TestImage.OTHER_UID);
        Files.setAttribute(privateRoot, "unix:gid", TestImage.OTHER_UID);
        Files.writeString(privateRoot.resolve("kept"), "kept\n");

        LayoutPreparer.prepare(ImagePaths.of(root.toString()), true);

        assertEquals(040700, Files.getAttribute(privateRoot, "unix:mode"));
        assertEquals(0, Files.getAttribute(privateRoot, "unix:uid"));
        assertEquals(0, Files.getAttribute(privateRoot, "unix:gid"));
        assertEquals("kept\n", Files.readString(privateRoot.resolve("kept")));
    }

    @Test
    void preparingAgainKeepsWhatIsThere() throws Exception {
        ImagePaths image = ImagePaths.of(root.toString());
        LayoutPreparer.prepare(image, true);
        Files.writeString(root.resolve("custom/ve/crontab"), "* * * * * true\n");

        LayoutPreparer.prepare(image, true);

        assertEquals("* * * * * true\n", Files.readString(root.resolve("custom/ve/crontab")));
    }

    @Test
    void aNonSharedImageIsOnlyChecked() throws Exception {
        LayoutPreparer.prepare(ImagePaths.of(root.toString()), false);

        try (Stream<Path> children = Files.list(root)) {
            assertEquals(List.of(root.resolve("etc")), children.toList());
        }
    }

    @Test
    void aMissingRootIsRefused() {
        Path missing = scratch.resolve("missing");

        assertRefused(missing, true, "root path " + missing + " does not exist on this storage host");
        assertRefused(missing, false, "root path " + missing + " does not exist on this storage host");
        assertFalse(Files.exists(missing, LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void aRootThatIsAFileIsRefused() throws IOException {
        Path file = Files.writeString(scratch.resolve("file"), "not an image\n");

        assertRefused(file, true, "root path " + file + " is not a directory");
        assertRefused(file, false, "root path " + file + " is not a directory");
    }

    @Test
    void aRootThatIsALinkIsRefusedAndNothingIsWrittenThroughIt() throws IOException {
        Path link = Files.createSymbolicLink(scratch.resolve("link"), root);

        assertRefused(link, true, "root path " + link + " is a symbolic link; register the real directory");
        assertRefused(link, false, "root path " + link + " is a symbolic link; register the real directory");
        assertFalse(Files.exists(root.resolve("custom"), LinkOption.NOFOLLOW_LINKS));
        assertFalse(Files.exists(root.resolve("private"), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void aRelativeOrUnnormalisedRootIsRefused() {
        assertRefused(Path.of("images/web"), true, "image root images/web is not an absolute, normalised path");
        assertRefused(Path.of(root + "/../image"), true,
                "image root " + root + "/../image is not an absolute, normalised path");
    }

    @Test
    void aFileWhereCustomMustBeIsRefused() throws IOException {
        Files.writeString(root.resolve("custom"), "in the way\n");

        assertRefused(root, true, "/custom in the image is a file in the way: sharedfs needs a directory there");
        assertFalse(Files.exists(root.resolve("private"), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void aFileWherePrivateMustBeIsRefused() throws IOException {
        Files.writeString(root.resolve("private"), "in the way\n");

        assertRefused(root, true, "/private in the image is a file in the way: sharedfs needs a directory there");
    }

    @Test
    void aLinkWhereACustomMountPointMustBeIsRefusedAndNothingIsWrittenThroughIt() throws IOException {
        Path elsewhere = Files.createDirectory(scratch.resolve("elsewhere"));
        Files.createDirectory(root.resolve("custom"));
        Files.createSymbolicLink(root.resolve("custom/ve"), elsewhere);

        assertRefused(root, true, "/custom/ve in the image is a symbolic link to " + elsewhere
                + " (leading outside the image); sharedfs only copies and writes real directories");
        try (Stream<Path> children = Files.list(elsewhere)) {
            assertEquals(0, children.count());
        }
    }

    @Test
    void aPrivateDirectoryThatIsALinkIsRefusedAndNotChanged() throws IOException {
        Path elsewhere = Files.createDirectory(scratch.resolve("elsewhere"));
        Files.setAttribute(elsewhere, "unix:mode", 0755);
        Files.createSymbolicLink(root.resolve("private"), elsewhere);

        assertRefused(root, true, "/private in the image is a symbolic link to " + elsewhere
                + " (leading outside the image); sharedfs only copies and writes real directories");
        assertEquals(040755, Files.getAttribute(elsewhere, "unix:mode"), "the link's target keeps its mode");
    }

    private static void assertRefused(Path rootPath, boolean shared, String reason) {
        UnsafeTreeException refused = assertThrows(UnsafeTreeException.class,
                () -> LayoutPreparer.prepare(ImagePaths.of(rootPath.toString()), shared));
        assertEquals(reason, refused.getMessage());
    }
}
