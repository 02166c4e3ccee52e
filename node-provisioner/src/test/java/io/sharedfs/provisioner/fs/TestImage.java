package io.sharedfs.provisioner.fs;

import io.sharedfs.contracts.provisioning.SpecialFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;

/** A generated FS image on real disk holding every kind of entry a private tree copy meets. */
public final class TestImage {

    /** The private dirs of the image; {@code /srv/cache} is missing from it on purpose. */
    public static final List<String> PRIVATE_DIRS = List.of("/var", "/etc", "/tmp", "/srv/cache");
    /** {@code /var/lib/rpm} is in the image (with content), {@code /var/lib/yum} is not. */
    public static final List<String> SHARED_SUBDIRS = List.of("/var/lib/rpm", "/var/lib/yum");
    /** A RAM dir with content in the image. */
    public static final List<String> RAM_DIRS = List.of("/var/run");
    /** The user and group "nobody": an owner other than the agent's. */
    public static final int OTHER_UID = 65534;

    private static final Instant EPOCH = Instant.parse("2001-02-03T04:05:06Z");

    private final Path root;
    private final Path outside;
    private final List<SpecialFile> specialFiles = new ArrayList<>();

    private TestImage(Path root, Path outside) {
        this.root = root;
        this.outside = outside;
    }

    /** Fails the calling test unless it runs as root: only root can give files to other users. */
    public static void requireRoot() {
        Assertions.assertTrue(LayoutPreparer.runningAsRoot(),
                "these tests build images with files of other owners, setuid files and device nodes: run them as root");
    }

    /** A fresh directory under {@code target/} (absolute, no link in its path). */
    public static Path scratch(String name) {
        try {
            Path base = Path.of("target", "test-trees").toAbsolutePath();
            Files.createDirectories(base);
            return Files.createTempDirectory(base.toRealPath(), name + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static TreeBuilder.Layout layout() {
        return new TreeBuilder.Layout(PRIVATE_DIRS, SHARED_SUBDIRS, RAM_DIRS);
    }

    /** Builds the image at {@code <parent>/image}, and {@code <parent>/outside} that one link leads to. */
    public static TestImage create(Path parent) {
        requireRoot();
        TestImage image = new TestImage(parent.resolve("image"), parent.resolve("outside"));
        try {
            image.populate();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return image;
    }

    public Path root() {
        return root;
    }

    /** A directory beside the image, where the escaping link points. */
    public Path outside() {
        return outside;
    }

    public ImagePaths paths() {
        try {
            return ImagePaths.of(root.toString());
        } catch (UnsafeTreeException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The FIFO, socket and device node in the image, as the copy must list them. */
    public List<SpecialFile> specialFiles() {
        return List.copyOf(specialFiles);
    }

    private void populate() throws IOException {
        Files.createDirectories(outside);
        file(outside.resolve("secret"), "outside the image\n", 0600, 0, 0);

        dir("", 0755, 0, 0);
        dir("bin", 0755, 0, 0);
        file("bin/sh", "#!not really a shell\n", 0755, 0, 0);
        dir("usr", 0755, 0, 0);
        dir("usr/share", 0755, 0, 0);
        file("usr/share/motd", "welcome\n", 0644, 0, 0);

        dir("etc", 0755, 0, 0);
        file("etc/hostname", "image\n", 0644, 0, 0);
        file("etc/shadow", "root:secret:19000::::::\n", 0600, OTHER_UID, OTHER_UID);
        dir("etc/ssl", 0755, 0, 0);
        dir("etc/ssl/certs", 0755, 0, 0);
        file("etc/ssl/certs/ca.pem", "-----BEGIN CERTIFICATE-----\n", 0444, 0, 0);
        dir("etc/ssl/private", 0710, 1234, 2345);
        file("etc/ssl/private/key.pem", "-----BEGIN KEY-----\n", 0400, 1234, 2345);
        file("etc/sudo", "setuid binary\n", 04755, 0, 0);
        file("etc/wall", "setgid binary\n", 02755, 0, 5);
        dir("etc/team", 02775, 0, 2345);
        file("etc/team/notes", "setgid dir content\n", 0664, 1234, 2345);
        link("etc/localtime", "/usr/share/zoneinfo/UTC", 0, 0);
        link("etc/motd", "../usr/share/motd", 0, 0);
        link("etc/broken", "no/such/file", 0, 0);
        link("etc/escape", "../../outside/secret", 1234, 2345);

        dir("var", 0755, 0, 0);
        dir("var/lib", 0755, 0, 0);
        dir("var/lib/rpm", 0755, 0, 0);
        file("var/lib/rpm/Packages", "rpm database\n", 0644, 0, 0);
        dir("var/lib/rpm/sub", 0755, 0, 0);
        file("var/lib/rpm/sub/index", "more\n", 0644, 0, 0);
        dir("var/lib/dpkg", 0755, 0, 0);
        file("var/lib/dpkg/status", "Package: bash\n", 0644, 0, 0);
        dir("var/run", 0755, 0, 0);
        file("var/run/sshd.pid", "42\n", 0644, 0, 0);
        dir("var/run/lock", 01777, 0, 0);
        dir("var/log", 0755, 0, 0);
        file("var/log/messages", "boot\n", 0640, 0, 4);
        dir("var/empty", 0711, 0, 0);
        dir("var/spool", 0755, 0, 0);
        fifo("var/spool/fifo");
        socket("var/spool/socket");
        device("var/spool/null");
        file("var/spool/big", "x".repeat(100_000), 0644, 0, 0);

        dir("tmp", 01777, 0, 0);
        dir("tmp/.X11-unix", 01777, 0, 0);
        file("tmp/leftover", "tmp file\n", 0644, OTHER_UID, OTHER_UID);

        dir("srv", 0755, 0, 0);
        file("srv/readme", "/srv/cache is missing from this image\n", 0644, 0, 0);

        stampTimes();
    }

    private void dir(String relative, int mode, int uid, int gid) throws IOException {
        Path dir = relative.isEmpty() ? root : root.resolve(relative);
        Files.createDirectories(dir);
        own(dir, uid, gid);
        Files.setAttribute(dir, "unix:mode", mode, LinkOption.NOFOLLOW_LINKS);
    }

    private void file(String relative, String content, int mode, int uid, int gid) throws IOException {
        file(root.resolve(relative), content, mode, uid, gid);
    }

    private static void file(Path file, String content, int mode, int uid, int gid) throws IOException {
        Files.writeString(file, content);
        // Owner first: chown clears the setuid and setgid bits.
        own(file, uid, gid);
        Files.setAttribute(file, "unix:mode", mode, LinkOption.NOFOLLOW_LINKS);
    }

    private void link(String relative, String target, int uid, int gid) throws IOException {
        Path link = root.resolve(relative);
        Files.createSymbolicLink(link, Path.of(target));
        own(link, uid, gid);
    }

    private void fifo(String relative) throws IOException {
        run("mkfifo", "-m", "0644", root.resolve(relative).toString());
        specialFiles.add(new SpecialFile("/" + relative, SpecialFile.Kind.FIFO));
    }

    private void socket(String relative) throws IOException {
        try (ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.bind(UnixDomainSocketAddress.of(root.resolve(relative)));
        }
        specialFiles.add(new SpecialFile("/" + relative, SpecialFile.Kind.SOCKET));
    }

    private void device(String relative) throws IOException {
        run("mknod", "-m", "0666", root.resolve(relative).toString(), "c", "1", "3");
        specialFiles.add(new SpecialFile("/" + relative, SpecialFile.Kind.CHARACTER_DEVICE));
    }

    private static void own(Path path, int uid, int gid) throws IOException {
        Files.setAttribute(path, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(path, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
    }

    /** Gives every entry (links included) its own old modification time, children before parents. */
    private void stampTimes() throws IOException {
        long[] second = {0};
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                // Setting times opens the file: a FIFO would block. Special files are never copied anyway.
                if (!attrs.isOther()) {
                    stamp(file, second[0]++);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
                stamp(dir, second[0]++);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void stamp(Path path, long second) throws IOException {
        FileTime time = FileTime.from(EPOCH.plusSeconds(second * 3607));
        Files.getFileAttributeView(path, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .setTimes(time, time, null);
    }

    /** Runs a command to completion; fails on a non-zero exit. */
    public static void run(String... command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish");
            }
            String output = new String(process.getInputStream().readAllBytes());
            if (process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " exited " + process.exitValue() + ": " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
