package io.sharedfs.systemtests.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * The VE's {@code init_vem} hook: a script that appends {@code "VE_ID VEM_ID"} to a counter file
 * outside the image, so the file's lines say how often it ran for which node.
 */
public final class Hooks {

    private Hooks() {
    }

    /**
     * Writes {@code <root>/private/<VE>/init_vem} as the provisioner requires it: a regular file, owned
     * by the test's user (root here), mode 0755, in a VE directory not writable by group or others.
     */
    public static void install(SampleImage image, long veId, Path counter) {
        Path veDir = image.veDir(veId);
        Path hook = veDir.resolve("init_vem");
        try {
            Files.createDirectories(counter.getParent());
            Files.createDirectories(veDir);
            Files.setPosixFilePermissions(veDir, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.writeString(hook, "#!/bin/sh\n# sharedfs system tests: one line per run\necho \"$1 $2\" >> "
                    + counter + "\n");
            Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install the hook of VE " + veId, e);
        }
    }

    /** The counter file's lines, {@code "VE_ID VEM_ID"} per run. */
    public static List<String> runs(Path counter) {
        return FileTrees.lines(counter);
    }
}
