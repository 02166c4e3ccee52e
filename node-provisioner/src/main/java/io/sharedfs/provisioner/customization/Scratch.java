package io.sharedfs.provisioner.customization;

import io.sharedfs.provisioner.fs.Durable;
import io.sharedfs.provisioner.fs.ImagePaths;
import io.sharedfs.provisioner.fs.LayoutPreparer;
import io.sharedfs.provisioner.fs.UnsafeTreeException;
import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * The agent's own directory for files and links being made, {@code <root>/private/.sharedfs/tmp}:
 * inside {@code /private} (mode 0700, never exported), on the file system of the private trees, so
 * a finished entry is renamed into a node's directory in one step. Names carry this run's token:
 * what a killed run left is removed at the next start.
 */
final class Scratch implements Closeable {

    private static final Logger LOG = Logger.getLogger(Scratch.class);
    /** This process's token; every scratch name starts with it. */
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final AtomicLong NEXT = new AtomicLong();
    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwxr-xr-x");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-r--r--");

    private final PrivateDir dir;

    private Scratch(PrivateDir dir) {
        this.dir = dir;
    }

    /** {@code <root>/private/.sharedfs}: the agent's own data in an image (mode 0700). */
    static Path agentDir(ImagePaths image) {
        return image.privateRoot().resolve(".sharedfs");
    }

    static Path location(ImagePaths image) {
        return agentDir(image).resolve("tmp");
    }

    /** Opens the scratch directory of the image, making it when absent. */
    static Scratch open(ImagePaths image) throws IOException, UnsafeTreeException {
        ensureAgentDir(image);
        Path location = location(image);
        LayoutPreparer.ensureDirectory(image, location);
        return new Scratch(PrivateDir.open(location));
    }

    /** Makes {@code <root>/private/.sharedfs} (mode 0700) when absent; the image's /private must be there. */
    static void ensureAgentDir(ImagePaths image) throws IOException, UnsafeTreeException {
        image.requireNoLinks(image.privateRoot());
        if (!ImagePaths.isRealDirectory(image.privateRoot())) {
            throw new UnsafeTreeException("the image has no /private directory; its layout is not prepared"
                    + " (is it marked shared?)");
        }
        Path agentDir = agentDir(image);
        boolean made = !Files.exists(agentDir, LinkOption.NOFOLLOW_LINKS);
        LayoutPreparer.ensureDirectory(image, agentDir);
        if (made) {
            Files.setPosixFilePermissions(agentDir, PosixFilePermissions.fromString("rwx------"));
        }
    }

    /** Removes what earlier runs left in the image's scratch directory. */
    static void clean(ImagePaths image) {
        Path location = location(image);
        if (!ImagePaths.isRealDirectory(location)) {
            return;
        }
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(location)) {
            for (Path leftover : leftovers) {
                if (!leftover.getFileName().toString().startsWith(RUN + "-")) {
                    LOG.infof("Removing scratch leftover %s", leftover);
                    Durable.deleteTree(leftover);
                }
            }
        } catch (IOException e) {
            LOG.warnf("Cannot clean %s: %s", location, e.getMessage());
        }
    }

    PrivateDir dir() {
        return dir;
    }

    Path path(String name) {
        return dir.path().resolve(name);
    }

    /** An empty directory, mode 0755. */
    String directory() throws IOException {
        String name = newName();
        Files.createDirectory(path(name));
        Files.setPosixFilePermissions(path(name), DIRECTORY);
        return name;
    }

    /** A durable copy of a regular file the agent controls the path of, with its mode, owner and times. */
    String copyOf(Path source) throws IOException {
        String name = newName();
        Files.copy(source, path(name), StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        fsync(path(name));
        return name;
    }

    /** A durable copy of a regular file in a node's directory, read through its descriptor, with its mode, owner and times. */
    String copyOf(PrivateDir from, String entry, java.nio.file.attribute.PosixFileAttributes attrs) throws IOException {
        String name = newName();
        Path temp = path(name);
        try (SeekableByteChannel in = from.read(entry);
                FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            long position = 0;
            long copied;
            while ((copied = out.transferFrom(in, position, Long.MAX_VALUE)) > 0) {
                position += copied;
            }
            out.force(true);
        }
        keep(temp, attrs.owner().getName(), attrs.group().getName(), attrs.permissions(), attrs.lastModifiedTime());
        return name;
    }

    /** A durable new file with {@code bytes}, given the owner and mode of {@code like} (or root's 0644 when null). */
    String write(byte[] bytes, java.nio.file.attribute.PosixFileAttributes like) throws IOException {
        String name = newName();
        Path temp = path(name);
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            out.force(true);
        }
        if (like == null) {
            Files.setPosixFilePermissions(temp, FILE);
        } else {
            keep(temp, like.owner().getName(), like.group().getName(), like.permissions(), null);
        }
        return name;
    }

    /** A symbolic link to {@code target}. */
    String link(String target) throws IOException {
        String name = newName();
        Files.createSymbolicLink(path(name), Path.of(target));
        return name;
    }

    void delete(String name) throws IOException {
        Files.deleteIfExists(path(name));
    }

    private static void keep(Path temp, String owner, String group, Set<PosixFilePermission> permissions,
            FileTime modified) throws IOException {
        if (LayoutPreparer.runningAsRoot()) {
            var lookup = temp.getFileSystem().getUserPrincipalLookupService();
            Files.setOwner(temp, lookup.lookupPrincipalByName(owner));
            Files.getFileAttributeView(temp, java.nio.file.attribute.PosixFileAttributeView.class)
                    .setGroup(lookup.lookupPrincipalByGroupName(group));
        }
        // After the owner: chown clears the set-id bits.
        Files.setPosixFilePermissions(temp, permissions);
        if (modified != null) {
            Files.getFileAttributeView(temp, java.nio.file.attribute.BasicFileAttributeView.class)
                    .setTimes(modified, null, null);
        }
    }

    private static void fsync(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    private static String newName() {
        return RUN + "-" + NEXT.incrementAndGet();
    }

    @Override
    public void close() throws IOException {
        dir.close();
    }
}
