package io.sharedfs.provisioner.fs;

import io.sharedfs.contracts.provisioning.SpecialFile;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Copies one directory of an image into a new tree, keeping modes (setuid, setgid and sticky bits
 * included), owners and timestamps. Symbolic links are copied as links and never followed; FIFOs,
 * sockets and device nodes are never opened (reading a FIFO blocks forever) and are listed instead;
 * the given mount-point directories are created empty.
 */
public final class TreeCopier extends SimpleFileVisitor<Path> {

    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;
    private static final int S_IFBLK = 0060000;
    private static final int S_IFCHR = 0020000;
    private static final int S_IFIFO = 0010000;

    private final Path source;
    private final Path target;
    private final String nodeView;
    private final Set<Path> emptyMountPoints;
    private final Deque<Path> openDirectories = new ArrayDeque<>();
    private final List<SpecialFile> skipped = new ArrayList<>();
    private long directories;
    private long files;
    private long bytes;

    private TreeCopier(Path source, Path target, String nodeView, Set<Path> emptyMountPoints) {
        this.source = source;
        this.target = target;
        this.nodeView = nodeView;
        this.emptyMountPoints = emptyMountPoints;
    }

    /**
     * Copies {@code source} (a real directory) to {@code target} (which must not exist).
     *
     * @param nodeView the source's path as a node sees it (e.g. {@code /var}), for reporting
     * @param emptyMountPoints source directories to create empty (shared subdirs, RAM dirs)
     */
    public static TreeStats copy(Path source, Path target, String nodeView, Set<Path> emptyMountPoints)
            throws IOException {
        TreeCopier copier = new TreeCopier(source, target, nodeView, emptyMountPoints);
        Files.walkFileTree(source, EnumSet.noneOf(java.nio.file.FileVisitOption.class), Integer.MAX_VALUE, copier);
        return new TreeStats(copier.directories, copier.files, copier.bytes, copier.skipped);
    }

    @Override
    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
        Path copy = targetOf(dir);
        Files.copy(dir, copy, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        directories++;
        openDirectories.push(dir);
        if (!dir.equals(source) && emptyMountPoints.contains(dir)) {
            return FileVisitResult.SKIP_SUBTREE;
        }
        return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        if (attrs.isOther()) {
            skipped.add(new SpecialFile(nodePath(file), kindOf(file)));
            return FileVisitResult.CONTINUE;
        }
        Path copy = targetOf(file);
        Files.copy(file, copy, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        if (attrs.isSymbolicLink()) {
            // Files.copy keeps a link's owner but not its times (cp -a keeps both).
            Files.getFileAttributeView(copy, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .setTimes(attrs.lastModifiedTime(), attrs.lastAccessTime(), null);
        }
        files++;
        if (attrs.isRegularFile()) {
            bytes += attrs.size();
        }
        return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
        if (failure != null) {
            throw failure;
        }
        restoreTimes(dir);
        return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult visitFileFailed(Path file, IOException failure) throws IOException {
        throw failure;
    }

    // SKIP_SUBTREE skips postVisitDirectory too, so a mount point's times are restored here lazily.
    private void restoreTimes(Path dir) throws IOException {
        while (!openDirectories.isEmpty()) {
            Path open = openDirectories.pop();
            BasicFileAttributes original = Files.readAttributes(open, BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            Files.getFileAttributeView(targetOf(open), BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .setTimes(original.lastModifiedTime(), original.lastAccessTime(), null);
            if (open.equals(dir)) {
                return;
            }
        }
    }

    private Path targetOf(Path path) {
        return target.resolve(source.relativize(path));
    }

    private String nodePath(Path path) {
        Path relative = source.relativize(path);
        return relative.toString().isEmpty() ? nodeView : nodeView + "/" + relative;
    }

    private static SpecialFile.Kind kindOf(Path file) throws IOException {
        int mode = (Integer) Files.getAttribute(file, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        return switch (mode & S_IFMT) {
            case S_IFIFO -> SpecialFile.Kind.FIFO;
            case S_IFSOCK -> SpecialFile.Kind.SOCKET;
            case S_IFCHR -> SpecialFile.Kind.CHARACTER_DEVICE;
            case S_IFBLK -> SpecialFile.Kind.BLOCK_DEVICE;
            default -> SpecialFile.Kind.OTHER;
        };
    }
}
