package io.sharedfs.provisioner.customization;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/** What an entry is, in words for a reason an operator reads ("a directory", "a symbolic link to x"). */
final class Kinds {

    private static final int S_IFMT = 0170000;

    /** Reads a link's target only when needed. */
    @FunctionalInterface
    interface LinkTarget {
        String read() throws IOException;
    }

    private Kinds() {
    }

    static String describe(BasicFileAttributes attrs, LinkTarget target) {
        if (attrs.isRegularFile()) {
            return "a regular file";
        }
        if (attrs.isDirectory()) {
            return "a directory";
        }
        if (attrs.isSymbolicLink()) {
            try {
                return "a symbolic link to " + target.read();
            } catch (IOException e) {
                return "a symbolic link";
            }
        }
        return "a special file (FIFO, socket or device node)";
    }

    /** Like {@link #describe(BasicFileAttributes, LinkTarget)}, naming the kind of special file too. */
    static String describe(Path path) throws IOException {
        BasicFileAttributes attrs = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!attrs.isOther()) {
            return describe(attrs, () -> Files.readSymbolicLink(path).toString());
        }
        int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        return switch (mode & S_IFMT) {
            case 0010000 -> "a FIFO";
            case 0140000 -> "a socket";
            case 0020000, 0060000 -> "a device node";
            default -> "a special file";
        };
    }
}
