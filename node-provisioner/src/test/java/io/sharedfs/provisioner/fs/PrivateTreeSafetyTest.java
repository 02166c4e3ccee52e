package io.sharedfs.provisioner.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Building a private tree never overwrites an existing one, never copies a private dir that is a
 * link, never writes through a link in the destination, and never leaves a half tree or staging
 * leftovers when it cannot finish.
 */
class PrivateTreeSafetyTest {

    private static final long VE = 10;
    private static final long VEM = 3;

    private Path scratch;
    private TestImage image;
    private ImagePaths paths;

    @BeforeEach
    void createTheImage() throws Exception {
        scratch = TestImage.scratch("safety");
        image = TestImage.create(scratch);
        paths = image.paths();
        LayoutPreparer.prepare(paths, true);
    }

    @AfterEach
    void removeTheImage() throws IOException {
        Durable.deleteTree(scratch);
    }

    @Test
    void anExistingTreeIsNeverOverwritten() throws Exception {
        TreeBuilder.Built first = build();
        Path marker = first.tree().resolve("etc/written-by-the-node");
        Files.writeString(marker, "private data\n");
        Files.delete(first.tree().resolve("etc/hostname"));
        Files.writeString(image.root().resolve("etc/new-in-the-image"), "new\n");

        TreeBuilder.Built second = build();

        assertTrue(first.created());
        assertFalse(second.created());
        assertEquals(first.tree(), second.tree());
        assertEquals("private data\n", Files.readString(marker));
        assertFalse(Files.exists(second.tree().resolve("etc/hostname")), "nothing is copied again");
        assertFalse(Files.exists(second.tree().resolve("etc/new-in-the-image")), "nothing is copied again");
        assertEquals(TreeInspector.inspect(second.tree()).files(), second.stats().files());
    }

    @Test
    void aPrivateDirThatIsALinkLeadingOutsideTheImageIsRefused() throws Exception {
        replaceWithLink(image.root().resolve("etc"), image.outside());

        UnsafeTreeException refused = assertThrows(UnsafeTreeException.class, this::build);

        assertEquals("/etc in the image is a symbolic link to " + image.outside() + " (leading outside the image);"
                + " sharedfs only copies and writes real directories", refused.getMessage());
        assertNoTreeAndNoLeftovers();
    }

    @Test
    void aPrivateDirThatIsALinkLeadingInsideTheImageIsRefusedToo() throws Exception {
        replaceWithLink(image.root().resolve("etc"), Path.of("usr/share"));

        UnsafeTreeException refused = assertThrows(UnsafeTreeException.class, this::build);

        assertEquals("/etc in the image is a symbolic link to usr/share (leading inside the image);"
                + " sharedfs only copies and writes real directories", refused.getMessage());
        assertNoTreeAndNoLeftovers();
    }

    @Test
    void aPrivateDirBelowALinkIsRefused() throws Exception {
        replaceWithLink(image.root().resolve("srv"), image.outside());

        UnsafeTreeException refused = assertThrows(UnsafeTreeException.class, this::build);

        assertTrue(refused.getMessage().startsWith("/srv in the image is a symbolic link to " + image.outside()),
                refused.getMessage());
        assertNoTreeAndNoLeftovers();
    }

    @Test
    void aPrivateDirThatIsAFileIsRefused() throws Exception {
        Durable.deleteTree(image.root().resolve("tmp"));
        Files.writeString(image.root().resolve("tmp"), "not a directory\n");

        UnsafeTreeException refused = assertThrows(UnsafeTreeException.class, this::build);

        assertEquals("/tmp in the image is not a directory; it cannot be a private dir", refused.getMessage());
        assertNoTreeAndNoLeftovers();
    }

    @Test
    void aVeDirectoryThatIsALinkIsRefusedAndNothingIsWrittenThroughIt() throws Exception {
        Path elsewhere = Files.createDirectory(scratch.resolve("elsewhere"));
        Files.createSymbolicLink(paths.veDir(VE), elsewhere);

        UnsafeTreeException refused = assertThrows(UnsafeTreeException.class, this::build);

        assertEquals("/private/10 in the image is a symbolic link to " + elsewhere + " (leading outside the image);"
                + " sharedfs only copies and writes real directories", refused.getMessage());
        assertEmpty(elsewhere);
        assertNoTreeAndNoLeftovers();
    }

    @Test
    void aNodeTreeThatIsALinkIsRefusedAndNothingIsWrittenThroughIt() throws Exception {
        Path elsewhere = Files.createDirectory(scratch.resolve("elsewhere"));
        Files.createDirectories(paths.veDir(VE));
        Files.createSymbolicLink(paths.nodeTree(VE, VEM), elsewhere);

        UnsafeTreeException refused = assertThrows(UnsafeTreeException.class, this::build);

        assertTrue(refused.getMessage().startsWith("/private/10/3 in the image is a symbolic link to " + elsewhere),
                refused.getMessage());
        assertEmpty(elsewhere);
    }

    @Test
    void aVeCustomDirThatIsALinkIsRefusedAndNothingIsWrittenThroughIt() throws Exception {
        Path elsewhere = Files.createDirectory(scratch.resolve("elsewhere"));
        Files.createDirectories(paths.veDir(VE));
        Files.createSymbolicLink(paths.veCustom(VE), elsewhere);

        UnsafeTreeException refused = assertThrows(UnsafeTreeException.class, this::build);

        assertTrue(refused.getMessage().startsWith("/private/10/custom in the image is a symbolic link to "),
                refused.getMessage());
        assertEmpty(elsewhere);
        assertFalse(Files.exists(paths.nodeTree(VE, VEM), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void aPrivateRootThatIsALinkIsRefusedAndNothingIsWrittenThroughIt() throws Exception {
        Path elsewhere = Files.createDirectory(scratch.resolve("elsewhere"));
        Durable.deleteTree(paths.privateRoot());
        Files.createSymbolicLink(paths.privateRoot(), elsewhere);

        UnsafeTreeException refused = assertThrows(UnsafeTreeException.class, this::build);

        assertTrue(refused.getMessage().startsWith("/private in the image is a symbolic link to " + elsewhere),
                refused.getMessage());
        assertEmpty(elsewhere);
    }

    @Test
    void aStagingDirectoryInTheImageThatIsALinkIsRefusedAndNothingIsWrittenThroughIt() throws Exception {
        Path elsewhere = Files.createDirectory(scratch.resolve("elsewhere"));
        Files.createSymbolicLink(paths.defaultStaging(), elsewhere);

        UnsafeTreeException refused = assertThrows(UnsafeTreeException.class, this::build);

        assertTrue(refused.getMessage().startsWith("/private/.staging in the image is a symbolic link to " + elsewhere),
                refused.getMessage());
        assertEmpty(elsewhere);
        assertFalse(Files.exists(paths.nodeTree(VE, VEM), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void anImageWithoutAPreparedLayoutIsRefused() throws Exception {
        Durable.deleteTree(paths.privateRoot());

        UnsafeTreeException refused = assertThrows(UnsafeTreeException.class, this::build);

        assertEquals("the image has no /private directory; its layout is not prepared (is it marked shared?)",
                refused.getMessage());
        assertFalse(Files.exists(paths.privateRoot(), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void aStagingDirectoryOnAnotherFileSystemFailsTheBuildClearlyAndLeavesNothing() throws Exception {
        Path shm = Path.of("/dev/shm");
        Assumptions.assumeTrue(Files.isDirectory(shm), "/dev/shm is needed as a second file system");
        FileStore imageStore = Files.getFileStore(image.root());
        Assumptions.assumeFalse(Files.getFileStore(shm).equals(imageStore),
                "/dev/shm is on the same file system as target/ here; no second file system to stage on");
        Path staging = Files.createTempDirectory(shm, "sharedfs-staging-");
        try {
            UnsafeTreeException refused = assertThrows(UnsafeTreeException.class,
                    () -> TreeBuilder.build(paths, staging, VE, VEM, TestImage.layout()));

            assertEquals("the staging directory is not on the image's file system, so the tree cannot be moved into"
                    + " place in one rename; set sharedfs.provisioner.staging-dir accordingly", refused.getMessage());
            assertFalse(Files.exists(paths.nodeTree(VE, VEM), LinkOption.NOFOLLOW_LINKS), "no tree in place");
            assertEmpty(staging);
        } finally {
            Durable.deleteTree(staging);
        }
    }

    private TreeBuilder.Built build() throws UnsafeTreeException, IOException {
        return TreeBuilder.build(paths, paths.defaultStaging(), VE, VEM, TestImage.layout());
    }

    private void assertNoTreeAndNoLeftovers() throws IOException {
        assertFalse(Files.exists(paths.nodeTree(VE, VEM), LinkOption.NOFOLLOW_LINKS), "no tree in place");
        if (Files.exists(paths.defaultStaging())) {
            assertEmpty(paths.defaultStaging());
        }
    }

    private static void assertEmpty(Path dir) throws IOException {
        try (Stream<Path> children = Files.list(dir)) {
            assertEquals(List.of(), children.toList(), dir + " stays empty");
        }
    }

    private static void replaceWithLink(Path dir, Path target) throws IOException {
        Durable.deleteTree(dir);
        Files.createSymbolicLink(dir, target);
    }
}
