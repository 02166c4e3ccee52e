package io.sharedfs.exporter.exports;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Answers the analyzer from the storage host's disk, never following a symbolic link below an
 * image root. One instance serves one analysis and remembers the directories it has seen, so a
 * table of many nodes costs one {@code lstat} per distinct directory.
 */
public final class DiskProbe implements FileSystemProbe {

    private static final String OK = "";
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = Set.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private final int privateOwner;
    private final Map<String, String> seen = new HashMap<>();

    /** @param privateOwner the uid {@code <root>/private} must belong to (root, see ExportSettings) */
    public DiskProbe(int privateOwner) {
        this.privateOwner = privateOwner;
    }

    @Override
    public String directoryProblem(String imageRoot, String path) {
        String problem = seen.computeIfAbsent(imageRoot, DiskProbe::rootProblem);
        if (!problem.isEmpty()) {
            return problem;
        }
        String current = imageRoot;
        for (String segment : path.substring(imageRoot.length()).split("/")) {
            if (segment.isEmpty()) {
                continue;
            }
            current = current + "/" + segment;
            problem = seen.computeIfAbsent(current, DiskProbe::componentProblem);
            if (!problem.isEmpty()) {
                return problem;
            }
        }
        return null;
    }

    @Override
    public String privateRootProblem(String imageRoot) {
        Path privateRoot = Path.of(imageRoot, "private");
        try {
            PosixFileAttributes attributes = Files.readAttributes(privateRoot, PosixFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            if (attributes.isSymbolicLink()) {
                return "is a symbolic link";
            }
            if (!attributes.isDirectory()) {
                return "is not a directory";
            }
            if (attributes.permissions().stream().anyMatch(GROUP_OR_OTHERS::contains)) {
                return "is mode " + mode(attributes) + " (must be 0700)";
            }
            int owner = (Integer) Files.getAttribute(privateRoot, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            if (owner != privateOwner) {
                return "is owned by uid " + owner + " (must be " + privateOwner + ")";
            }
            return null;
        } catch (NoSuchFileException e) {
            return "does not exist";
        } catch (IOException | UnsupportedOperationException e) {
            return "cannot be read (" + e.getMessage() + ")";
        }
    }

    private static String rootProblem(String imageRoot) {
        // The root itself may be reached through links (an operator's /srv may be one); below it, not.
        return Files.isDirectory(Path.of(imageRoot)) ? OK : "is not exportable: image root " + imageRoot
                + (Files.exists(Path.of(imageRoot)) ? " is not a directory" : " does not exist");
    }

    private static String componentProblem(String path) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(Path.of(path), BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            if (attributes.isSymbolicLink()) {
                return "is not exportable: " + path + " is a symbolic link";
            }
            return attributes.isDirectory() ? OK : "is not exportable: " + path + " is not a directory";
        } catch (NoSuchFileException e) {
            return "is not exportable: " + path + " does not exist";
        } catch (IOException e) {
            return "is not exportable: " + path + " cannot be read (" + e.getMessage() + ")";
        }
    }

    private static String mode(PosixFileAttributes attributes) {
        int mode = 0;
        for (PosixFilePermission permission : attributes.permissions()) {
            mode |= 1 << (8 - permission.ordinal());
        }
        return String.format("%04o", mode);
    }
}
