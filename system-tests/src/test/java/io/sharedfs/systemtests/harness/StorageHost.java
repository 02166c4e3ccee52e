package io.sharedfs.systemtests.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * One storage (NFS) host of the system under test: its images directory, its exports directory
 * (where its nfs-exporter renders {@code sharedfs.exports}) and the log of its apply runs. On this
 * machine every "host" is a directory; each has its own node-provisioner and nfs-exporter.
 */
public record StorageHost(String name, Path imagesDir, Path exportsDir, Path applyLog) {

    public static final String EXPORTS_FILE = "sharedfs.exports";

    public Path exportsFile() {
        return exportsDir.resolve(EXPORTS_FILE);
    }

    /** The export lines of the installed file (comments and blank lines left out). */
    public List<String> exportLines() {
        return lines(exportsFile()).stream().filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
    }

    /** How many times the apply command ran (one line each). */
    public int applyRuns() {
        return lines(applyLog).size();
    }

    static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
