package io.sharedfs.provisioner.fs;

import io.sharedfs.contracts.provisioning.SpecialFile;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Builds a node's private tree in a staging directory and moves it into place in one rename, so a
 * crash leaves either no tree or the whole tree. An existing tree is never touched: private data
 * is persistent. The rename comes only after a {@code syncfs} that began once the copy was done,
 * and the build returns only after an {@code fsync} of the directory renamed into; both are shared
 * with trees finishing at the same time (see {@link Durable}).
 */
public final class TreeBuilder {

    private static final Logger LOG = Logger.getLogger(TreeBuilder.class);

    private TreeBuilder() {
    }

    /** The directories of an image, in node view. */
    public record Layout(List<String> privateDirs, List<String> sharedSubdirs, List<String> ramDirs) {
    }

    /** The tree in place, what it holds, and whether this call built it. */
    public record Built(Path tree, TreeStats stats, boolean created, List<String> paths) {
    }

    /** Creates {@code <root>/private/<VE>/custom} and the VE's directory if absent. */
    public static void prepareVe(ImagePaths image, long veId) throws UnsafeTreeException, IOException {
        image.requireNoLinks(image.privateRoot());
        if (!ImagePaths.isRealDirectory(image.privateRoot())) {
            throw new UnsafeTreeException("the image has no /private directory; its layout is not prepared"
                    + " (is it marked shared?)");
        }
        LayoutPreparer.ensureDirectory(image, image.veDir(veId));
        LayoutPreparer.ensureDirectory(image, image.veCustom(veId));
    }

    public static Built build(ImagePaths image, Path staging, long veId, long vemId, Layout layout)
            throws UnsafeTreeException, IOException {
        prepareVe(image, veId);
        Path tree = image.nodeTree(veId, vemId);
        List<String> paths = nodePaths(layout);
        if (Files.exists(tree, LinkOption.NOFOLLOW_LINKS)) {
            image.requireNoLinks(tree);
            if (!ImagePaths.isRealDirectory(tree)) {
                throw new UnsafeTreeException(tree + " exists and is not a directory");
            }
            return new Built(tree, TreeInspector.inspect(tree), false, paths);
        }
        ensureStaging(image, staging);
        Path work = Files.createTempDirectory(staging, veId + "-" + vemId + "-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        try {
            Path built = work.resolve("tree");
            Files.createDirectory(built);
            TreeStats stats = copyPrivateDirs(image, built, layout);
            Files.createDirectory(built.resolve("custom"));
            // Nothing is renamed into place before all of it is on disk; concurrent builds share the flushes.
            Durable.syncFileSystem(work);
            moveIntoPlace(built, tree);
            if (LOG.isDebugEnabled()) {
                Durable.Flushes flushes = Durable.flushes();
                LOG.debugf("%s in place (%d files); so far %d file system syncs for %d trees, %d directory syncs"
                        + " for %d renames", tree, stats.files(), flushes.fileSystemSyncs(),
                        flushes.fileSystemRequests(), flushes.directorySyncs(), flushes.directoryRequests());
            }
            return new Built(tree, stats, true, paths);
        } finally {
            Durable.deleteTree(work);
        }
    }

    /**
     * Creates the staging directory if absent. The default one is inside the image: nothing is
     * built or moved through a link there either.
     */
    public static void ensureStaging(ImagePaths image, Path staging) throws UnsafeTreeException, IOException {
        if (staging.startsWith(image.root())) {
            image.requireNoLinks(staging);
        }
        Files.createDirectories(staging);
    }

    private static TreeStats copyPrivateDirs(ImagePaths image, Path built, Layout layout)
            throws UnsafeTreeException, IOException {
        long directories = 0;
        long files = 0;
        long bytes = 0;
        List<SpecialFile> skipped = new ArrayList<>();
        for (String dir : layout.privateDirs()) {
            Path source = image.inImage(dir);
            image.requireNoLinks(source);
            Path target = ImagePaths.under(built, dir);
            mkdirsNoFollow(built, target.getParent());
            if (!Files.exists(source, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(target);
            } else if (!ImagePaths.isRealDirectory(source)) {
                throw new UnsafeTreeException(dir + " in the image is not a directory; it cannot be a private dir");
            } else {
                TreeStats stats = TreeCopier.copy(source, target, dir, mountPointsIn(image, dir, layout));
                directories += stats.directories();
                files += stats.files();
                bytes += stats.bytes();
                skipped.addAll(stats.skipped());
            }
            for (String mountPoint : mountPointNames(dir, layout)) {
                Path changed = mkdirsNoFollow(built, ImagePaths.under(built, mountPoint));
                if (changed != null && changed.startsWith(target)) {
                    // A mount point absent from the image was added to a copied directory: keep its times.
                    keepTimes(image.root().resolve(built.relativize(changed)), changed);
                }
            }
        }
        return new TreeStats(directories, files, bytes, skipped);
    }

    private static void moveIntoPlace(Path built, Path tree) throws UnsafeTreeException, IOException {
        try {
            Durable.moveIntoPlace(built, tree);
        } catch (AtomicMoveNotSupportedException e) {
            throw new UnsafeTreeException("the staging directory is not on the image's file system, so the tree"
                    + " cannot be moved into place in one rename; set sharedfs.provisioner.staging-dir accordingly");
        }
    }

    private static Set<Path> mountPointsIn(ImagePaths image, String privateDir, Layout layout)
            throws UnsafeTreeException {
        Set<Path> points = new HashSet<>();
        for (String mountPoint : mountPointNames(privateDir, layout)) {
            points.add(image.inImage(mountPoint));
        }
        return points;
    }

    private static List<String> mountPointNames(String privateDir, Layout layout) {
        List<String> names = new ArrayList<>();
        for (String dir : layout.sharedSubdirs()) {
            if (dir.startsWith(privateDir + "/")) {
                names.add(dir);
            }
        }
        for (String dir : layout.ramDirs()) {
            if (dir.startsWith(privateDir + "/")) {
                names.add(dir);
            }
        }
        return names;
    }

    /**
     * Creates missing directories from {@code base} down to {@code directory}; stops at a link (it
     * never writes through one) and then creates nothing below it.
     *
     * @return the existing directory the first new one was created in, or null if none was created
     */
    private static Path mkdirsNoFollow(Path base, Path directory) throws IOException {
        Path current = base;
        Path changed = null;
        for (Path part : base.relativize(directory)) {
            Path parent = current;
            current = current.resolve(part);
            if (Files.isSymbolicLink(current)) {
                return changed;
            }
            if (!Files.exists(current, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(current);
                if (changed == null) {
                    changed = parent;
                }
            } else if (!Files.isDirectory(current, LinkOption.NOFOLLOW_LINKS)) {
                return changed;
            }
        }
        return changed;
    }

    /** Gives {@code copy} the times of {@code original}, if that is a real directory. */
    private static void keepTimes(Path original, Path copy) throws IOException {
        if (!ImagePaths.isRealDirectory(original)) {
            return;
        }
        BasicFileAttributes times = Files.readAttributes(original, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        Files.getFileAttributeView(copy, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .setTimes(times.lastModifiedTime(), times.lastAccessTime(), null);
    }

    private static List<String> nodePaths(Layout layout) {
        List<String> paths = new ArrayList<>(layout.privateDirs());
        paths.add("/custom/node");
        return paths;
    }
}
