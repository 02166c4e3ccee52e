package io.sharedfs.provisioner.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedfs.contracts.provisioning.SpecialFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A node's private tree built from a generated image is a faithful copy: types, full modes,
 * owners, mtimes, link targets and contents kept, links never followed, special files listed and
 * never opened, shared subdirs, RAM dirs and missing private dirs left as empty directories.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrivateTreeCopyTest {

    private static final long VE = 10;
    private static final long VEM = 3;

    private Path scratch;
    private TestImage image;
    private TreeBuilder.Built built;

    @BeforeAll
    void buildTheTree() throws Exception {
        scratch = TestImage.scratch("copy");
        image = TestImage.create(scratch);
        LayoutPreparer.prepare(image.paths(), true);
        // A FIFO opened for reading blocks forever: the build must finish anyway.
        built = assertTimeoutPreemptively(Duration.ofMinutes(2), () -> TreeBuilder.build(image.paths(),
                image.paths().defaultStaging(), VE, VEM, TestImage.layout()));
    }

    @AfterAll
    void removeTheTrees() throws IOException {
        Durable.deleteTree(scratch);
    }

    @Test
    void theTreeIsBuiltInPlaceAndNamesTheNodeViewPaths() throws IOException {
        assertTrue(built.created());
        assertEquals(image.root().resolve("private/10/3"), built.tree());
        assertTrue(ImagePaths.isRealDirectory(built.tree()));
        assertEquals(List.of("/var", "/etc", "/tmp", "/srv/cache", "/custom/node"), built.paths());
        assertTrue(ImagePaths.isRealDirectory(image.root().resolve("private/10/custom")), "the VE's /custom/ve");
        try (Stream<Path> leftovers = Files.list(image.paths().defaultStaging())) {
            assertEquals(List.of(), leftovers.toList(), "nothing is left in the staging directory");
        }
    }

    @Test
    void everyCopiedEntryKeepsItsTypeModeOwnersMtimeLinkTargetAndContent() {
        for (String dir : List.of("/var", "/etc", "/tmp")) {
            Map<String, TreeSnapshot.Entry> expected = expectedCopyOf(dir);
            Map<String, TreeSnapshot.Entry> copy = TreeSnapshot.of(built.tree().resolve(dir.substring(1)));
            if (dir.equals("/var")) {
                // Absent from the image: made as a mount point, checked on its own below.
                copy.remove("lib/yum");
            }
            assertEquals(expected, copy, "the copy of " + dir);
        }
    }

    @Test
    void theSpecialBitsOwnersAndLinksOfTheFixtureReallyAreThere() throws IOException {
        // Guards the test above against a fixture that lost what it is meant to exercise.
        Path etc = built.tree().resolve("etc");
        assertEquals(0104755, mode(etc.resolve("sudo")));
        assertEquals(0102755, mode(etc.resolve("wall")));
        assertEquals(042775, mode(etc.resolve("team")));
        assertEquals(041777, mode(built.tree().resolve("tmp")));
        assertEquals(0100600, mode(etc.resolve("shadow")));
        assertEquals(TestImage.OTHER_UID, Files.getAttribute(etc.resolve("shadow"), "unix:uid"));
        assertEquals(1234, Files.getAttribute(etc.resolve("escape"), "unix:uid", LinkOption.NOFOLLOW_LINKS));
        assertEquals(Path.of("../../outside/secret"), Files.readSymbolicLink(etc.resolve("escape")));
        assertEquals(Path.of("/usr/share/zoneinfo/UTC"), Files.readSymbolicLink(etc.resolve("localtime")));
        assertEquals(Path.of("no/such/file"), Files.readSymbolicLink(etc.resolve("broken")));
        FileTime linkTime = Files.getLastModifiedTime(image.root().resolve("etc/motd"), LinkOption.NOFOLLOW_LINKS);
        assertTrue(linkTime.toString().startsWith("200"), "the image's link has an old mtime: " + linkTime);
        assertEquals(linkTime, Files.getLastModifiedTime(etc.resolve("motd"), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void linksAreCopiedAsLinksAndNeverFollowed() throws IOException {
        Path escape = built.tree().resolve("etc/escape");
        assertTrue(Files.isSymbolicLink(escape));
        // Followed from the node's tree the relative link leads nowhere the copy put anything.
        assertEquals("outside the image\n", Files.readString(image.outside().resolve("secret")));
        try (Stream<Path> outside = Files.list(image.outside())) {
            assertEquals(List.of(image.outside().resolve("secret")), outside.toList());
        }
        long regularBytes = TreeSnapshot.of(built.tree()).entrySet().stream()
                .filter(e -> e.getValue().kind().equals("file"))
                .mapToLong(e -> size(built.tree().resolve(e.getKey())))
                .sum();
        assertEquals(regularBytes, built.stats().bytes(), "bytes count regular files only, never link targets");
    }

    @Test
    void specialFilesAreListedInNodeViewAndNotCopied() {
        assertEquals(new HashSet<>(image.specialFiles()), new HashSet<>(built.stats().skipped()));
        assertTrue(built.stats().skipped().contains(new SpecialFile("/var/spool/fifo", SpecialFile.Kind.FIFO)));
        for (SpecialFile special : image.specialFiles()) {
            Path inTree = built.tree().resolve(special.path().substring(1));
            assertFalse(Files.exists(inTree, LinkOption.NOFOLLOW_LINKS), special.path() + " was copied");
        }
    }

    @Test
    void sharedSubdirsRamDirsMissingPrivateDirsAndCustomAreEmptyDirectories() throws IOException {
        for (String mountPoint : List.of("var/lib/rpm", "var/lib/yum", "var/run", "srv/cache", "custom")) {
            Path dir = built.tree().resolve(mountPoint);
            assertTrue(ImagePaths.isRealDirectory(dir), mountPoint + " is a directory");
            try (Stream<Path> children = Files.list(dir)) {
                assertEquals(List.of(), children.toList(), mountPoint + " is empty");
            }
        }
        assertTrue(Files.exists(image.root().resolve("var/lib/rpm/Packages")), "the image keeps its content");
        assertTrue(Files.exists(image.root().resolve("var/run/sshd.pid")), "the image keeps its content");
    }

    @Test
    void theStatsCountWhatWasCopied() {
        long files = 0;
        for (String dir : List.of("/var", "/etc", "/tmp")) {
            files += TreeSnapshot.files(expectedCopyOf(dir));
        }
        assertEquals(files, built.stats().files());
    }

    /** The image's dir without its special files and without what lies inside its mount points. */
    private Map<String, TreeSnapshot.Entry> expectedCopyOf(String dir) {
        Map<String, TreeSnapshot.Entry> expected = new TreeMap<>(TreeSnapshot.of(image.root().resolve(dir.substring(1))));
        for (SpecialFile special : image.specialFiles()) {
            if (special.path().startsWith(dir + "/")) {
                expected.remove(special.path().substring(dir.length() + 1));
            }
        }
        for (String mountPoint : Stream.concat(TestImage.SHARED_SUBDIRS.stream(), TestImage.RAM_DIRS.stream()).toList()) {
            if (mountPoint.startsWith(dir + "/")) {
                String inside = mountPoint.substring(dir.length() + 1) + "/";
                expected.keySet().removeIf(path -> path.startsWith(inside));
            }
        }
        return expected;
    }

    private static int mode(Path path) throws IOException {
        return (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
    }

    private static long size(Path path) {
        try {
            return Files.size(path);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
