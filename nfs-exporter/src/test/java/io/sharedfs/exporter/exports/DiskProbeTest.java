package io.sharedfs.exporter.exports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.sun.security.auth.module.UnixSystem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The disk probe sees missing directories, links below the image root and an open /private. */
class DiskProbeTest {

    @TempDir
    Path dir;

    private Path root;
    private String rootPath;
    private final int uid = (int) new UnixSystem().getUid();

    @BeforeEach
    void image() throws IOException {
        root = Files.createDirectories(dir.resolve("img"));
        rootPath = root.toString();
        Files.createDirectories(root.resolve("private/10/3/var"));
        Files.setPosixFilePermissions(root.resolve("private"), PosixFilePermissions.fromString("rwx------"));
    }

    @Test
    void realDirectoriesAndA0700PrivateOwnedByTheRightUserPass() {
        DiskProbe probe = new DiskProbe(uid);

        assertNull(probe.directoryProblem(rootPath, rootPath + "/private/10/3/var"));
        assertNull(probe.directoryProblem(rootPath, rootPath));
        assertNull(probe.privateRootProblem(rootPath));
    }

    @Test
    void aMissingDirectoryIsNamed() {
        assertEquals("is not exportable: " + rootPath + "/private/10/4 does not exist",
                new DiskProbe(uid).directoryProblem(rootPath, rootPath + "/private/10/4/var"));
    }

    @Test
    void aSymbolicLinkBelowTheImageRootIsNeverFollowed() throws IOException {
        Files.createDirectories(root.resolve("private/10/4"));
        Files.createSymbolicLink(root.resolve("private/10/4/etc"), Path.of("/etc"));

        assertEquals("is not exportable: " + rootPath + "/private/10/4/etc is a symbolic link",
                new DiskProbe(uid).directoryProblem(rootPath, rootPath + "/private/10/4/etc"));
    }

    @Test
    void anImageRootReachedThroughALinkIsAccepted() throws IOException {
        Path link = Files.createSymbolicLink(dir.resolve("link"), root);

        assertNull(new DiskProbe(uid).directoryProblem(link.toString(), link + "/private/10/3/var"));
    }

    @Test
    void aPrivateAreaOpenToOthersOrOwnedBySomeoneElseIsNamed() throws IOException {
        Files.setPosixFilePermissions(root.resolve("private"), PosixFilePermissions.fromString("rwxr-xr-x"));
        assertEquals("is mode 0755 (must be 0700)", new DiskProbe(uid).privateRootProblem(rootPath));

        Files.setPosixFilePermissions(root.resolve("private"), PosixFilePermissions.fromString("rwx------"));
        assertEquals("is owned by uid " + uid + " (must be " + (uid + 1) + ")",
                new DiskProbe(uid + 1).privateRootProblem(rootPath));
    }
}
