package io.sharedfs.exporter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.microprofile.config.ConfigProvider;

/** The exports file the tests' application writes, and the record of apply runs its script keeps. */
public final class ExportsFile {

    private ExportsFile() {
    }

    public static Path dir() {
        return Path.of(ConfigProvider.getConfig().getValue("sharedfs.exporter.exports-dir", String.class));
    }

    public static Path file() {
        return dir().resolve("sharedfs.exports");
    }

    public static String text() {
        try {
            return Files.exists(file()) ? Files.readString(file(), StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The export lines (no comments). */
    public static List<String> lines() {
        return text().lines().filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
    }

    /** The lines exported to one client. */
    public static List<String> linesFor(String address) {
        return lines().stream().filter(line -> line.contains(" " + address + "(")).toList();
    }

    /** How many apply runs the recording command has seen. */
    public static int runs() {
        Path log = dir().resolve("apply-runs.log");
        try {
            return Files.exists(log) ? Files.readAllLines(log).size() : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Makes the recording apply command fail, printing the message, until {@link #succeed()}. */
    public static void failWith(String message) {
        try {
            Files.writeString(dir().resolve("fail-apply"), message);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void succeed() {
        try {
            Files.deleteIfExists(dir().resolve("fail-apply"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
