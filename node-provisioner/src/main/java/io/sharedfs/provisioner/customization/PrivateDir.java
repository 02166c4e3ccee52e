package io.sharedfs.provisioner.customization;

import io.sharedfs.provisioner.fs.UnsafeTreeException;
import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.List;
import java.util.Set;

/**
 * A directory a node can write in (inside its private dirs, {@code /custom/node}, {@code /custom/ve}),
 * opened once and then used only through its descriptor: entries are looked at, opened and renamed
 * relative to it without following links (fstatat, openat, renameat). A node that swaps a directory
 * on the way for a symbolic link cannot make the agent read or write elsewhere, because no path is
 * resolved a second time.
 */
final class PrivateDir implements Closeable {

    private final SecureDirectoryStream<Path> stream;
    private final Path path;

    private PrivateDir(SecureDirectoryStream<Path> stream, Path path) {
        this.stream = stream;
        this.path = path;
    }

    /** Opens a directory the agent controls the path of (the caller checked it has no link on the way). */
    static PrivateDir open(Path dir) throws IOException {
        DirectoryStream<Path> opened = Files.newDirectoryStream(dir);
        if (opened instanceof SecureDirectoryStream<Path> secure) {
            return new PrivateDir(secure, dir);
        }
        opened.close();
        throw new IOException("this platform cannot open " + dir + " safely (no SecureDirectoryStream)");
    }

    /** The directory's path, for messages and for what only a path can do (reading a link). */
    Path path() {
        return path;
    }

    /** The entry's attributes, not following a link; null when absent. */
    PosixFileAttributes stat(String name) throws IOException {
        try {
            return stream.getFileAttributeView(Path.of(name), PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .readAttributes();
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** Where a symbolic link entry points. */
    String readLink(String name) throws IOException {
        return Files.readSymbolicLink(path.resolve(name)).toString();
    }

    /** The child directory, or null when absent; a link or anything else than a directory is refused. */
    PrivateDir child(String name) throws IOException, UnsafeTreeException {
        PosixFileAttributes attrs = stat(name);
        if (attrs == null) {
            return null;
        }
        if (!attrs.isDirectory()) {
            throw new UnsafeTreeException(path.resolve(name) + " is " + Kinds.describe(attrs, () -> readLink(name))
                    + ", not a directory; sharedfs never writes through a link or over a file in the way");
        }
        try {
            return new PrivateDir(stream.newDirectoryStream(Path.of(name), LinkOption.NOFOLLOW_LINKS), path.resolve(name));
        } catch (NoSuchFileException e) {
            return null;
        } catch (FileSystemException e) {
            throw new UnsafeTreeException(path.resolve(name) + " changed while it was opened (" + e.getReason() + ")");
        }
    }

    /**
     * The child directory, made (mode 0755, the agent's) when absent: made in the scratch directory and
     * renamed in through the descriptors, so it cannot land anywhere else.
     */
    PrivateDir childCreating(String name, Scratch scratch) throws IOException, UnsafeTreeException {
        PrivateDir existing = child(name);
        if (existing != null) {
            return existing;
        }
        String temp = scratch.directory();
        try {
            scratch.dir().moveTo(temp, this, name);
            sync();
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
            scratch.delete(temp);
        } catch (FileSystemException e) {
            // Something else than a directory appeared in the way: child() says what.
            scratch.delete(temp);
        }
        PrivateDir made = child(name);
        if (made == null) {
            throw new IOException(path.resolve(name) + " vanished right after it was made");
        }
        return made;
    }

    /**
     * Walks down {@code names} from this directory (this one is kept open by the caller).
     *
     * @param scratch where missing directories are made; null to make none and return null instead
     */
    PrivateDir walk(List<String> names, Scratch scratch) throws IOException, UnsafeTreeException {
        PrivateDir current = this;
        for (String name : names) {
            PrivateDir next;
            try {
                next = scratch == null ? current.child(name) : current.childCreating(name, scratch);
            } finally {
                if (current != this) {
                    current.close();
                }
            }
            if (next == null) {
                return null;
            }
            current = next;
        }
        return current == this ? reopen() : current;
    }

    /** Opens a regular file entry for reading, not following a link. */
    SeekableByteChannel read(String name) throws IOException {
        return stream.newByteChannel(Path.of(name), Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
    }

    /** Renames this directory's entry {@code from} to {@code to} in {@code target}, replacing what is there. */
    void moveTo(String from, PrivateDir target, String to) throws IOException {
        stream.move(Path.of(from), target.stream, Path.of(to));
    }

    /** Makes renames into this directory durable. */
    void sync() throws IOException {
        try (SeekableByteChannel self = stream.newByteChannel(Path.of("."), Set.of(StandardOpenOption.READ))) {
            ((FileChannel) self).force(true);
        }
    }

    private PrivateDir reopen() throws IOException {
        return new PrivateDir(stream.newDirectoryStream(Path.of("."), LinkOption.NOFOLLOW_LINKS), path);
    }

    @Override
    public void close() throws IOException {
        stream.close();
    }
}
