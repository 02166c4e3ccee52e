package io.sharedfs.exporter.exports;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Puts an exports file in place and has the NFS server take it: the new text goes to a
 * dot-prefixed temporary file in the same directory (which exportfs ignores), is synced, renamed
 * over the old file and the directory synced, so the file is always either the old or the new
 * table, even across a crash. Then the apply command runs; if it fails, the previous file is put
 * back the same way and the command runs again, so the server returns to the previous table.
 */
public final class ExportsInstaller {

    private final Path directory;
    private final Path file;
    private final Path temporary;
    private final ApplyCommand command;

    public ExportsInstaller(Path directory, String fileName, ApplyCommand command) {
        this.directory = directory;
        this.file = directory.resolve(fileName);
        this.temporary = directory.resolve("." + fileName + ".tmp");
        this.command = command;
    }

    public Path file() {
        return file;
    }

    public ApplyCommand command() {
        return command;
    }

    /** How an installation ended. */
    public enum Result {
        /** The command accepted the file. */
        APPLIED,
        /** The file was written; the command is {@code skip}. */
        SKIPPED,
        /** Writing or the command failed; the previous file is back. */
        FAILED
    }

    /** The result and, for the operator, what the command said or what went wrong. */
    public record Outcome(Result result, String message) {

        public boolean succeeded() {
            return result != Result.FAILED;
        }
    }

    public Outcome install(String content) {
        byte[] previous;
        try {
            ensureDirectory();
            previous = readCurrent();
        } catch (IOException e) {
            return new Outcome(Result.FAILED, "cannot prepare " + file + ": " + describe(e));
        }
        try {
            write(content.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            deleteQuietly(temporary);
            return new Outcome(Result.FAILED, "cannot write " + file + ": " + describe(e));
        }
        ApplyCommand.Result applied = command.run();
        if (applied.ok()) {
            return new Outcome(command.skips() ? Result.SKIPPED : Result.APPLIED, applied.message());
        }
        return new Outcome(Result.FAILED, applied.message() + "; " + restore(previous, applied.message()));
    }

    /** Puts the previous file back (or removes the new one if there was none) and applies it again. */
    private String restore(byte[] previous, String failure) {
        try {
            if (previous == null) {
                Files.deleteIfExists(file);
                syncDirectory();
            } else {
                write(previous);
            }
        } catch (IOException e) {
            deleteQuietly(temporary);
            return "restoring the previous " + file + " failed too: " + describe(e);
        }
        ApplyCommand.Result again = command.run();
        String what = previous == null ? "the new file was removed" : "the previous file was restored";
        if (again.ok()) {
            return what + " and applied again";
        }
        return what + ", but applying it again failed" + (again.message().equals(failure) ? " the same way"
                : ": " + again.message());
    }

    private void ensureDirectory() throws IOException {
        if (!Files.isDirectory(directory)) {
            Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwxr-xr-x")));
        }
    }

    private byte[] readCurrent() throws IOException {
        return AtomicFile.readIfPresent(file);
    }

    private void write(byte[] bytes) throws IOException {
        AtomicFile.write(file, bytes);
    }

    private void syncDirectory() throws IOException {
        AtomicFile.syncDirectory(directory);
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // Removed before the next write anyway.
        }
    }

    private static String describe(IOException e) {
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
