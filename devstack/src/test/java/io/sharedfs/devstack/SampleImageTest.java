package io.sharedfs.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import java.util.Comparator;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SampleImageTest {

    // Not @TempDir: the images hold absolute links, which JUnit warns about when it deletes them.
    private final Path work = Path.of("target", "sample-image-test", UUID.randomUUID().toString()).toAbsolutePath();

    @AfterEach
    void deleteImages() throws IOException {
        if (Files.exists(work)) {
            try (Stream<Path> walk = Files.walk(work)) {
                for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }

    @Test
    void theDemoImageLooksLikeADistribution() throws IOException {
        Path root = work.resolve("demo-1");
        SampleImage.Summary summary = SampleImage.build(root, SampleImage.Profile.DEMO, "demo-1");

        assertTrue(summary.files() >= 150 && summary.files() + summary.directories() + summary.links() <= 600,
                "a few hundred entries: " + summary);
        for (String dir : List.of("bin", "usr/bin", "etc", "var/lib/rpm", "var/run", "var/log", "proc")) {
            assertTrue(Files.isDirectory(root.resolve(dir), LinkOption.NOFOLLOW_LINKS), dir);
        }
        for (String file : List.of("etc/passwd", "etc/hostname", "etc/crontab", "var/lib/rpm/Packages")) {
            assertTrue(Files.isRegularFile(root.resolve(file), LinkOption.NOFOLLOW_LINKS), file);
        }
        assertEquals("demo-1\n", Files.readString(root.resolve("etc/hostname")));
        assertEquals(01777, mode(root.resolve("tmp")), "/tmp is sticky");
        assertEquals(04755, mode(root.resolve("usr/bin/passwd")), "a setuid program");
        assertEquals(Path.of("../usr/lib/os-release"), Files.readSymbolicLink(root.resolve("etc/os-release")));
        assertEquals(Path.of("/usr/share/zoneinfo/UTC"), Files.readSymbolicLink(root.resolve("etc/localtime")));
        assertEquals(List.of(Path.of("etc/resolv.conf")), danglingLinks(root), "exactly one dangling link");
        assertEquals(PosixFilePermissions.fromString("rw-r-----"),
                Files.getPosixFilePermissions(root.resolve("etc/shadow")));
        assertFalse(Files.exists(root.resolve("private")), "the layout is sharedfs' business");
    }

    @Test
    void profilesDifferInSize() throws IOException {
        SampleImage.Summary tiny = SampleImage.build(work.resolve("tiny"), SampleImage.Profile.TINY, "t");
        SampleImage.Summary minbase = SampleImage.build(work.resolve("minbase"), SampleImage.Profile.MINBASE, "m");
        assertTrue(tiny.files() < 20, tiny.toString());
        assertTrue(minbase.files() > 1000 && minbase.bytes() > 8_000_000, minbase.toString());
    }

    @Test
    void neverWritesIntoAnImageThatHasFiles() throws IOException {
        Path root = Files.createDirectories(work.resolve("used"));
        Files.writeString(root.resolve("keep"), "mine");
        assertThrows(FileAlreadyExistsException.class, () -> SampleImage.build(root, SampleImage.Profile.TINY, "x"));
        assertEquals("mine", Files.readString(root.resolve("keep")));
    }

    @Test
    void theDemoHookIsInstalledWhole() throws IOException {
        Path root = work.resolve("image");
        Files.createDirectories(root.resolve("private"));
        Path hook = DemoMain.installHook(root, 7);
        assertEquals(root.resolve("private/7/init_vem"), hook);
        assertEquals(0755, mode(hook));
        assertEquals(0755, mode(hook.getParent()), "the VE directory is not writable by group or others");
        assertEquals(DemoMain.HOOK, Files.readString(hook));
        DemoMain.installHook(root, 7);
        try (Stream<Path> entries = Files.list(hook.getParent())) {
            assertEquals(List.of(hook), entries.toList(), "no temporary file left");
        }
    }

    private static int mode(Path path) throws IOException {
        return (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
    }

    private static List<Path> danglingLinks(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isSymbolicLink).filter(link -> !Files.exists(resolve(root, link)))
                    .map(root::relativize).sorted().toList();
        }
    }

    /** Where a link points inside the image: absolute targets are taken from the image's root. */
    private static Path resolve(Path root, Path link) {
        try {
            Path target = Files.readSymbolicLink(link);
            Path resolved = target.isAbsolute() ? root.resolve(root.getRoot().relativize(target))
                    : link.getParent().resolve(target);
            return Files.isSymbolicLink(resolved) ? resolve(root, resolved) : resolved;
        } catch (IOException e) {
            return link;
        }
    }
}
