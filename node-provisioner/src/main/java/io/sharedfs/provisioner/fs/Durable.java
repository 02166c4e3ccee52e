package io.sharedfs.provisioner.fs;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.TimeUnit;

/**
 * File-system steps that survive a crash: syncing, atomic renames, deleting without following links.
 *
 * <p>Flushes are group-committed ({@link GroupCommit}): workers that finish trees at about the same
 * time share one {@code syncfs} of the file system (and one {@code fsync} of the directory their
 * trees are renamed into) instead of running one each, with the same guarantee as before: when a
 * call returns, a flush that began after it was made has completed, so what the caller wrote
 * before is on disk. At most one {@code syncfs} per file system runs at a time, and the trees that
 * finish while it runs share the next one: nobody waits for company, so a lone tree pays what it
 * paid before, and the busier the workers the more trees a flush serves (DurabilityBenchmark
 * prints the counts).
 */
public final class Durable {

    private static final GroupCommit<Long> FILE_SYSTEMS = new GroupCommit<>();
    private static final GroupCommit<Path> DIRECTORIES = new GroupCommit<>();

    private Durable() {
    }

    /** How many flushes were asked for and how many ran, since the start, of each kind. */
    public record Flushes(long fileSystemRequests, long fileSystemSyncs, long directoryRequests,
            long directorySyncs) {
    }

    public static Flushes flushes() {
        return new Flushes(FILE_SYSTEMS.requests(), FILE_SYSTEMS.flushes(), DIRECTORIES.requests(),
                DIRECTORIES.flushes());
    }

    /**
     * Flushes everything written on the file system that holds {@code path} to disk: returns once a
     * {@code syncfs} of it that began after this call has succeeded (shared with concurrent callers).
     */
    public static void syncFileSystem(Path path) throws IOException {
        long device = (Long) Files.getAttribute(path, "unix:dev");
        FILE_SYSTEMS.await(device, () -> syncFileSystemNow(path));
    }

    private static void syncFileSystemNow(Path path) throws IOException {
        Process sync = new ProcessBuilder("sync", "--file-system", path.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            if (!sync.waitFor(10, TimeUnit.MINUTES) || sync.exitValue() != 0) {
                throw new IOException("sync --file-system " + path + " failed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while syncing " + path, e);
        }
    }

    /**
     * Makes a rename or creation in {@code directory} durable: returns once an {@code fsync} of it
     * that began after this call has succeeded (shared with concurrent callers).
     */
    public static void syncDirectory(Path directory) throws IOException {
        DIRECTORIES.await(directory.toAbsolutePath().normalize(), () -> {
            try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
                channel.force(true);
            }
        });
    }

    /** Moves a finished tree into place in one rename, then makes the rename durable. */
    public static void moveIntoPlace(Path finished, Path destination) throws IOException {
        Files.move(finished, destination, StandardCopyOption.ATOMIC_MOVE);
        syncDirectory(destination.getParent());
    }

    /** Deletes a tree; links are deleted, never followed. Absent is fine. */
    public static void deleteTree(Path tree) throws IOException {
        if (!Files.exists(tree, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(tree, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
                if (failure != null) {
                    throw failure;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
