package io.sharedfs.provisioner.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Every path the agent touches inside one image, computed from numeric ids and checked to stay
 * under the image root. Node-view paths such as {@code /var} are resolved inside the image, never
 * against the storage host's own root.
 */
public final class ImagePaths {

    private final Path root;

    private ImagePaths(Path root) {
        this.root = root;
    }

    /** The paths of the image at {@code rootPath}, which must be absolute and normalised. */
    public static ImagePaths of(String rootPath) throws UnsafeTreeException {
        Path root = Path.of(rootPath);
        if (!root.isAbsolute() || !root.normalize().equals(root) || root.getNameCount() == 0) {
            throw new UnsafeTreeException("image root " + rootPath + " is not an absolute, normalised path");
        }
        return new ImagePaths(root);
    }

    public Path root() {
        return root;
    }

    /** {@code <root>/private}: root-owned, mode 0700, never reachable through the image export. */
    public Path privateRoot() {
        return root.resolve("private");
    }

    /** {@code <root>/private/.staging}: where trees are built when no staging dir is configured. */
    public Path defaultStaging() {
        return privateRoot().resolve(".staging");
    }

    /** {@code <root>/private/<VE>}. */
    public Path veDir(long veId) {
        return privateRoot().resolve(Long.toString(positive(veId)));
    }

    /** {@code <root>/private/<VE>/custom}: the VE's {@code /custom/ve}. */
    public Path veCustom(long veId) {
        return veDir(veId).resolve("custom");
    }

    /** {@code <root>/private/<VE>/init_vem}. */
    public Path hook(long veId) {
        return veDir(veId).resolve("init_vem");
    }

    /** {@code <root>/private/<VE>/<VEM>}: the node's private tree. */
    public Path nodeTree(long veId, long vemId) {
        return veDir(veId).resolve(Long.toString(positive(vemId)));
    }

    /** Where a node-view path (e.g. {@code /var/lib/rpm}) lies in the image. */
    public Path inImage(String nodePath) throws UnsafeTreeException {
        return under(root, nodePath);
    }

    /** Where a node-view path lies inside a tree laid out like the node's view (e.g. a staging tree). */
    public static Path under(Path base, String nodePath) throws UnsafeTreeException {
        if (nodePath == null || !nodePath.startsWith("/") || nodePath.equals("/")) {
            throw new UnsafeTreeException("'" + nodePath + "' is not an absolute directory path");
        }
        Path relative = Path.of(nodePath.substring(1));
        if (!relative.normalize().equals(relative) || relative.startsWith("..")) {
            throw new UnsafeTreeException("'" + nodePath + "' is not normalised");
        }
        Path resolved = base.resolve(relative);
        if (!resolved.startsWith(base)) {
            throw new UnsafeTreeException("'" + nodePath + "' leaves " + base);
        }
        return resolved;
    }

    /**
     * Checks that no component between the image root (exclusive) and {@code path} (inclusive) is a
     * symbolic link, so nothing is read or written through one.
     *
     * @throws UnsafeTreeException naming the link and where it leads
     */
    public void requireNoLinks(Path path) throws UnsafeTreeException {
        if (!path.startsWith(root)) {
            throw new UnsafeTreeException(path + " is not inside the image " + root);
        }
        Path current = root;
        for (Path part : root.relativize(path)) {
            current = current.resolve(part);
            if (Files.isSymbolicLink(current)) {
                throw new UnsafeTreeException(describeLink(current));
            }
        }
    }

    private String describeLink(Path link) {
        String target;
        try {
            target = Files.readSymbolicLink(link).toString();
        } catch (IOException e) {
            target = "an unreadable target";
        }
        // Where this agent, on the storage host, would end up following it: an absolute target is a
        // path of the storage host (a node would read it in its own view, but the agent is not a node).
        Path resolved = link.getParent().resolve(target).normalize();
        String where = resolved.startsWith(root) ? "inside the image" : "outside the image";
        return "/" + root.relativize(link) + " in the image is a symbolic link to " + target + " (leading "
                + where + "); sharedfs only copies and writes real directories";
    }

    /** Whether the path is a real directory (not a link to one). */
    public static boolean isRealDirectory(Path path) {
        return Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS);
    }

    private static long positive(long id) {
        if (id <= 0) {
            throw new IllegalArgumentException("ids are positive numbers, got " + id);
        }
        return id;
    }
}
