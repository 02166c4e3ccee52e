package io.sharedfs.exporter.exports;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Replaces a file so that it is always either the old or the new content: the bytes go to a
 * dot-prefixed temporary file in the same directory (created exclusively, never through a link), are
 * synced, renamed over the file, and the directory is synced.
 */
public final class AtomicFile {

    private AtomicFile() {
    }

    /** Writes and syncs (file and directory): the new content survives a crash once this returns. */
    public static void write(Path file, byte[] bytes) throws IOException {
        write(file, bytes, true);
    }

    /**
     * @param durable whether to sync; without, the rename is still atomic for readers, but a crash may
     *        leave the old content (for files that only a running server reads, rewritten after a restart)
     */
    public static void write(Path file, byte[] bytes, boolean durable) throws IOException {
        Path directory = file.getParent();
        Path temporary = directory.resolve("." + file.getFileName() + ".tmp");
        // A stale temporary file (or anything planted under its name) goes first.
        Files.deleteIfExists(temporary);
        try (FileChannel channel = FileChannel.open(temporary, Set.of(StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")))) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            if (durable) {
                channel.force(true);
            }
        } catch (IOException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
        try {
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot rename atomically within " + directory, e);
        }
        if (durable) {
            syncDirectory(directory);
        }
    }

    public static void syncDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /** The content of a regular file that is not a link, or null when there is none. */
    public static byte[] readIfPresent(Path file) throws IOException {
        if (Files.isSymbolicLink(file)) {
            throw new IOException(file + " is a symbolic link; nfs-exporter writes only regular files of its own");
        }
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(file + " is not a regular file");
        }
        return Files.readAllBytes(file);
    }
}
