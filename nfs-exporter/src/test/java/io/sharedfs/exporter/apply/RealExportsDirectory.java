package io.sharedfs.exporter.apply;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Points the application at the real {@code /etc/exports.d} and the real {@code exportfs} (when
 * installed), and after the application has stopped removes everything it wrote there — the
 * file, its temporary, the directory if it did not exist before — and runs {@code exportfs -ra}
 * so the server's export table is back to what the host had.
 */
public class RealExportsDirectory implements QuarkusTestResourceLifecycleManager {

    /** Where exportfs is; {@code -Dsharedfs.test.exportfs=/nowhere} shows what a host without it does. */
    static final Path EXPORTFS = Path.of(System.getProperty("sharedfs.test.exportfs", "/usr/sbin/exportfs"));
    static final Path DIR = Path.of("/etc/exports.d");
    static final String FILE_NAME = "sharedfs-integration-test.exports";
    static final String STORAGE_HOST = "nfs-real-test";
    /** An option no exportfs knows: the non-shared image's lines become the deliberately bad entry. */
    static final String BAD_OPTION = "sharedfs_test_no_such_option";

    private boolean createdDir;

    static boolean exportfsInstalled() {
        return Files.isExecutable(EXPORTFS);
    }

    @Override
    public Map<String, String> start() {
        if (!exportfsInstalled()) {
            // The test is skipped; the application still starts, harmlessly, inside the build.
            return Map.of("sharedfs.exporter.storage-host", STORAGE_HOST,
                    "sharedfs.exporter.exports-dir",
                    Path.of("target", "real-exportfs-skipped").toAbsolutePath().toString(),
                    "sharedfs.exporter.apply-command", "skip");
        }
        createdDir = !Files.isDirectory(DIR);
        return Map.of("sharedfs.exporter.storage-host", STORAGE_HOST,
                "sharedfs.exporter.exports-dir", DIR.toString(),
                "sharedfs.exporter.exports-file-name", FILE_NAME,
                "sharedfs.exporter.apply-command", EXPORTFS + " -ra",
                "sharedfs.exporter.options.non-shared-root",
                "rw,sync,no_root_squash,subtree_check,secure," + BAD_OPTION);
    }

    @Override
    public void stop() {
        if (!exportfsInstalled()) {
            return;
        }
        try {
            Files.deleteIfExists(DIR.resolve(FILE_NAME));
            Files.deleteIfExists(DIR.resolve("." + FILE_NAME + ".tmp"));
            if (createdDir) {
                try (var left = Files.list(DIR)) {
                    if (left.findAny().isEmpty()) {
                        Files.delete(DIR);
                    }
                }
            }
            exportfs("-ra");
        } catch (IOException e) {
            throw new IllegalStateException("cannot clean up " + DIR, e);
        }
    }

    /** Runs exportfs with the arguments and returns its output. */
    static String exportfs(String... arguments) {
        String[] command = new String[arguments.length + 1];
        command[0] = EXPORTFS.toString();
        System.arraycopy(arguments, 0, command, 1, arguments.length);
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
            return output;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + EXPORTFS, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
