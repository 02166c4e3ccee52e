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

/** File-system steps that survive a crash: syncing, atomic renames, deleting without following links. */
public final class Durable {

    private Durable() {
    }

    /** Flushes everything written on the file system that holds {@code path} to disk. */
    public static void syncFileSystem(Path path) throws IOException {
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

    /** Makes a rename or creation in {@code directory} durable. */
    public static void syncDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
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
