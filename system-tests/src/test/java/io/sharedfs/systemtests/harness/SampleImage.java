package io.sharedfs.systemtests.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * A small but real root filesystem tree, generated: nested directories, relative and absolute
 * symbolic links, an executable, {@code /etc} with subdirectories, {@code /var/lib/rpm} (a shared
 * subdir: stays with the image), {@code /var/run} (a RAM dir: never copied per node), {@code /tmp}
 * with the sticky bit, an empty {@code /proc}, and {@code /usr} and {@code /bin} that stay shared.
 * Each image carries its own label in {@code /etc/image-label}, so a tree shows where it came from.
 */
public final class SampleImage {

    private final Path root;
    private final String label;

    private SampleImage(Path root, String label) {
        this.root = root;
        this.label = label;
    }

    public Path root() {
        return root;
    }

    public String label() {
        return label;
    }

    /** Creates the tree at {@code root} (which must not exist yet). */
    public static SampleImage create(Path root, String label) {
        try {
            Files.createDirectories(root.getParent());
            Files.createDirectory(root);
            file(root, "etc/image-label", label + "\n");
            file(root, "etc/hostname", "image\n");
            file(root, "etc/passwd", "root:x:0:0:root:/root:/bin/sh\n");
            file(root, "etc/ssh/sshd_config", "PermitRootLogin no\n");
            file(root, "etc/cron.d/jobs/nightly", "0 3 * * * root /usr/bin/tool\n");
            executable(root, "etc/init.d/rc", "#!/bin/sh\nexit 0\n");
            file(root, "usr/share/zoneinfo/UTC", "TZif2\n");
            Files.createSymbolicLink(root.resolve("etc/localtime"), Path.of("/usr/share/zoneinfo/UTC"));
            Files.createDirectories(root.resolve("etc/alternatives"));
            Files.createSymbolicLink(root.resolve("etc/alternatives/editor"), Path.of("../../usr/bin/tool"));
            executable(root, "usr/bin/tool", "#!/bin/sh\necho tool\n");
            file(root, "usr/lib/libsample.so.1", "ELF\n");
            Files.createSymbolicLink(root.resolve("usr/lib/libsample.so"), Path.of("libsample.so.1"));
            Files.createSymbolicLink(root.resolve("bin"), Path.of("usr/bin"));
            file(root, "var/lib/rpm/Packages", "rpm database of " + label + "\n");
            file(root, "var/lib/misc/state", "state\n");
            file(root, "var/log/messages", "booted\n");
            file(root, "var/cache/deep/a/b/c/d/leaf", "deep\n");
            Files.createDirectories(root.resolve("var/spool/cron"));
            file(root, "var/run/daemon.pid", "42\n");
            Files.createSymbolicLink(root.resolve("var/lock"), Path.of("run/lock"));
            Files.createDirectories(root.resolve("tmp"));
            Files.setAttribute(root.resolve("tmp"), "unix:mode", 01777);
            Files.createDirectories(root.resolve("proc"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the sample image at " + root, e);
        }
        return new SampleImage(root, label);
    }

    /** {@code <root>/private/<VE>/<VEM>}. */
    public Path tree(long veId, long vemId) {
        return root.resolve("private").resolve(Long.toString(veId)).resolve(Long.toString(vemId));
    }

    /** {@code <root>/private/<VE>}. */
    public Path veDir(long veId) {
        return root.resolve("private").resolve(Long.toString(veId));
    }

    /** The image's own layout, prepared when it was marked shared: /custom/node, /custom/ve, /private 0700. */
    public void assertLayoutPrepared() throws IOException {
        assertTrue(FileTrees.isDirectory(root.resolve("custom/node")), "/custom/node in " + root);
        assertTrue(FileTrees.isDirectory(root.resolve("custom/ve")), "/custom/ve in " + root);
        Path privateDir = root.resolve("private");
        assertTrue(FileTrees.isDirectory(privateDir), "/private in " + root);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(privateDir)),
                "/private is 0700");
    }

    /**
     * Checks a node's private tree: each private dir copied (contents, nested directories, links as
     * links with their targets, modes), the shared subdir and RAM dir left as empty mount points,
     * {@code custom/} present, nothing of {@code /usr} copied; and the VE's {@code custom/} beside it.
     */
    public void assertNodeTree(long veId, long vemId) throws IOException {
        Path tree = tree(veId, vemId);
        String node = "tree of node " + veId + "/" + vemId + " (" + tree + ")";
        assertTrue(FileTrees.isDirectory(tree), node + " exists");
        assertEquals(List.of("custom", "etc", "tmp", "var"), FileTrees.list(tree), node + ": its directories");
        assertEquals(label + "\n", read(tree.resolve("etc/image-label")), node + ": copied from its image");
        assertEquals("PermitRootLogin no\n", read(tree.resolve("etc/ssh/sshd_config")), node);
        assertEquals("0 3 * * * root /usr/bin/tool\n", read(tree.resolve("etc/cron.d/jobs/nightly")), node);
        assertTrue(Files.getPosixFilePermissions(tree.resolve("etc/init.d/rc")).contains(PosixFilePermission.OWNER_EXECUTE),
                node + ": modes kept");
        assertEquals(Path.of("/usr/share/zoneinfo/UTC"), Files.readSymbolicLink(tree.resolve("etc/localtime")),
                node + ": an absolute link is copied as a link, not followed");
        assertEquals(Path.of("../../usr/bin/tool"), Files.readSymbolicLink(tree.resolve("etc/alternatives/editor")),
                node + ": a relative link is copied as a link");
        assertEquals(Path.of("run/lock"), Files.readSymbolicLink(tree.resolve("var/lock")), node);
        assertEquals("state\n", read(tree.resolve("var/lib/misc/state")), node);
        assertEquals("deep\n", read(tree.resolve("var/cache/deep/a/b/c/d/leaf")), node + ": nested directories");
        assertTrue(FileTrees.isDirectory(tree.resolve("var/spool/cron")), node + ": empty directories too");
        assertTrue(FileTrees.isDirectory(tree.resolve("var/lib/rpm")), node + ": /var/lib/rpm mount point");
        assertEquals(List.of(), FileTrees.list(tree.resolve("var/lib/rpm")),
                node + ": the shared subdir is an empty mount point (it stays shared with the image)");
        assertEquals(List.of(), FileTrees.list(tree.resolve("var/run")),
                node + ": the RAM dir is never stored per node");
        assertEquals("rwxrwxrwx", PosixFilePermissions.toString(Files.getPosixFilePermissions(tree.resolve("tmp"))),
                node + ": /tmp keeps its mode");
        assertTrue(FileTrees.isDirectory(tree.resolve("custom")), node + ": custom/ (its /custom/node)");
        assertFalse(FileTrees.exists(tree.resolve("usr")), node + ": /usr stays shared");
        assertTrue(FileTrees.isDirectory(veDir(veId).resolve("custom")), "custom/ of VE " + veId + " (its /custom/ve)");
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    private static void file(Path root, String relative, String content) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    private static void executable(Path root, String relative, String content) throws IOException {
        file(root, relative, content);
        Files.setPosixFilePermissions(root.resolve(relative), PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
