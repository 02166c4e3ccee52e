package io.sharedfs.provisioner.customization;

import io.sharedfs.contracts.customization.CustomizationPath;
import io.sharedfs.provisioner.fs.ImagePaths;
import io.sharedfs.provisioner.fs.LayoutPreparer;
import io.sharedfs.provisioner.fs.UnsafeTreeException;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.Arrays;
import java.util.List;

/**
 * Writes an uploaded customized file into a VE's {@code /custom/ve} or a node's {@code /custom/node}:
 * a finished temporary file renamed over the old content in one step, through directory descriptors
 * (never through a link a node put on the way), keeping the old file's owner and mode.
 */
@Singleton
public final class CustomFileWriter {

    private final TargetLocks locks;

    public CustomFileWriter(TargetLocks locks) {
        this.locks = locks;
    }

    /** Where the file of a VE ({@code vemId} null) or of a node lives on this storage host. */
    public static Path target(ImagePaths image, long veId, Long vemId, String path) throws UnsafeTreeException {
        Path custom = vemId == null ? image.veCustom(veId) : image.nodeTree(veId, vemId).resolve("custom");
        return ImagePaths.under(custom, checked(path));
    }

    /**
     * Writes the bytes.
     *
     * @return where they were written, or null for a node whose tree is not built yet (the tree's
     *     rename must find it absent, so nothing of it is made here)
     * @throws UnsafeTreeException when something on the way is a link or not a directory, or the
     *     target is not a regular file
     */
    public Path write(ImagePaths image, long veId, Long vemId, String path, byte[] bytes)
            throws UnsafeTreeException, IOException {
        Path custom;
        Scratch.ensureAgentDir(image);
        if (vemId == null) {
            // The VE's directory may come before its first node (its /custom/ve is exported with the node).
            LayoutPreparer.ensureDirectory(image, image.veDir(veId));
            custom = image.veCustom(veId);
            LayoutPreparer.ensureDirectory(image, custom);
        } else {
            Path tree = image.nodeTree(veId, vemId);
            image.requireNoLinks(tree);
            if (!Files.exists(tree, LinkOption.NOFOLLOW_LINKS)) {
                return null;
            }
            if (!ImagePaths.isRealDirectory(tree)) {
                throw new UnsafeTreeException(tree + " is not a directory");
            }
            custom = tree.resolve("custom");
            LayoutPreparer.ensureDirectory(image, custom);
        }
        Path target = target(image, veId, vemId, path);
        List<String> segments = Arrays.asList(path.substring(1).split("/"));
        String name = segments.get(segments.size() - 1);
        try (Scratch scratch = Scratch.open(image); PrivateDir base = PrivateDir.open(custom);
                PrivateDir dir = base.walk(segments.subList(0, segments.size() - 1), scratch)) {
            locks.locked(target, () -> {
                PosixFileAttributes there = dir.stat(name);
                if (there != null && !there.isRegularFile()) {
                    throw new UnsafeTreeException(target + " is " + Kinds.describe(there, () -> dir.readLink(name))
                            + "; the uploaded content can only replace a regular file");
                }
                String temp = scratch.write(bytes, there);
                scratch.dir().moveTo(temp, dir, name);
                dir.sync();
                return null;
            });
        }
        return target;
    }

    private static String checked(String path) throws UnsafeTreeException {
        try {
            return CustomizationPath.check(path, null);
        } catch (IllegalArgumentException e) {
            throw new UnsafeTreeException(e.getMessage());
        }
    }
}
