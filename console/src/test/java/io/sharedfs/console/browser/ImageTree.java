package io.sharedfs.console.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/** A small root file system under target/ for an image, and the VE's init_vem hook inside it. */
final class ImageTree {

    private ImageTree() {
    }

    static Path create(Path parent, String name) {
        Path root = parent.resolve(name);
        try {
            for (String dir : new String[] {"bin", "usr/bin", "etc", "var/log", "var/lib/rpm", "var/run", "tmp"}) {
                Files.createDirectories(root.resolve(dir));
            }
            Files.writeString(root.resolve("etc/hostname"), "image\n");
            Files.writeString(root.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
            Files.writeString(root.resolve("var/log/messages"), "booted\n");
            Files.writeString(root.resolve("var/lib/rpm/Packages"), "rpm database\n");
            Files.writeString(root.resolve("usr/bin/tool"), "#!/bin/sh\n");
            for (Path dir : new Path[] {root, root.resolve("etc"), root.resolve("var"), root.resolve("tmp")}) {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Installs {@code <root>/private/<VE>/init_vem}: it waits {@code seconds} (so the page can be seen in
     * PROVISIONING), writes a file into the node's tree and says hello.
     */
    static void installHook(Path root, long veId, int seconds) {
        String hook = """
                #!/bin/sh
                set -eu
                sleep %d
                echo "hello from init_vem: VE $1 node $2" > "$SHAREDFS_NODE_TREE/custom/hello"
                echo "init_vem: VE $1 node $2 is ready"
                """.formatted(seconds);
        try {
            Path veDir = root.resolve("private").resolve(Long.toString(veId));
            if (!Files.isDirectory(veDir, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(veDir);
            }
            Files.setPosixFilePermissions(veDir, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path temporary = veDir.resolve(".init_vem.tmp");
            Files.writeString(temporary, hook, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rwxr-xr-x"));
            try {
                Files.move(temporary, veDir.resolve("init_vem"), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, veDir.resolve("init_vem"), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
