package io.sharedfs.provisioner.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Prepares an image on its storage host: the root must be a real directory; a shared image also
 * gets {@code /custom/node} and {@code /custom/ve} (mount points) and {@code /private} (root's,
 * mode 0700, so no node can walk into a sibling's tree through the read-only image export).
 */
public final class LayoutPreparer {

    private static final int ROOT_UID = 0;

    private LayoutPreparer() {
    }

    public static void prepare(ImagePaths image, boolean shared) throws UnsafeTreeException, IOException {
        checkRoot(image.root());
        if (!shared) {
            return;
        }
        Path custom = image.root().resolve("custom");
        ensureDirectory(image, custom);
        ensureDirectory(image, custom.resolve("node"));
        ensureDirectory(image, custom.resolve("ve"));
        Path privateRoot = image.privateRoot();
        ensureDirectory(image, privateRoot);
        Files.setPosixFilePermissions(privateRoot, PosixFilePermissions.fromString("rwx------"));
        if (runningAsRoot()) {
            Files.setAttribute(privateRoot, "unix:uid", ROOT_UID, LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(privateRoot, "unix:gid", ROOT_UID, LinkOption.NOFOLLOW_LINKS);
        }
        Durable.syncDirectory(image.root());
    }

    /** Creates a real directory if absent; a link or a file in its place is refused. */
    public static void ensureDirectory(ImagePaths image, Path directory) throws UnsafeTreeException, IOException {
        image.requireNoLinks(directory);
        if (Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
            if (!ImagePaths.isRealDirectory(directory)) {
                throw new UnsafeTreeException("/" + image.root().relativize(directory)
                        + " in the image is a file in the way: sharedfs needs a directory there");
            }
            return;
        }
        try {
            Files.createDirectory(directory);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            // Another worker created it at the same moment; it must still be a real directory.
            if (!ImagePaths.isRealDirectory(directory)) {
                throw new UnsafeTreeException("/" + image.root().relativize(directory)
                        + " in the image appeared as something other than a directory");
            }
        }
    }

    /** Whether this process may give files to other users. */
    public static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void checkRoot(Path root) throws UnsafeTreeException {
        if (Files.isSymbolicLink(root)) {
            throw new UnsafeTreeException("root path " + root + " is a symbolic link; register the real directory");
        }
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            throw new UnsafeTreeException("root path " + root + " does not exist on this storage host");
        }
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            throw new UnsafeTreeException("root path " + root + " is not a directory");
        }
    }
}
