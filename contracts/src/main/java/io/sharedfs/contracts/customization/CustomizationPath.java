package io.sharedfs.contracts.customization;

import java.util.List;

/**
 * The one rule for a customized file's path (image-service, ve-service and the storage-host agent
 * all apply it): absolute, already normalised, and outside the trees the system owns or the node's
 * kernel mounts over.
 */
public final class CustomizationPath {

    /** Longest path accepted, in characters; Linux refuses longer ones (PATH_MAX). */
    public static final int MAX_LENGTH = 4095;

    private static final List<String> FORBIDDEN_TREES = List.of("/private", "/custom", "/proc", "/sys", "/dev");
    /** {@code <root>/custom/node} and {@code <root>/custom/ve} are mount points: a file under them would be hidden. */
    private static final List<String> ALL_SCOPE_CLASHES = List.of("/node", "/ve");

    private CustomizationPath() {
    }

    /**
     * Returns {@code path} when it is acceptable for {@code scope} (any scope when {@code scope} is
     * null), else throws with a message an operator can act on.
     */
    public static String check(String path, CustomizationScope scope) {
        if (path == null || path.isEmpty()) {
            throw new IllegalArgumentException("path is required");
        }
        if (path.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("path must be at most " + MAX_LENGTH + " characters");
        }
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("path must be absolute (start with /), got " + path);
        }
        if (path.equals("/") || path.endsWith("/")) {
            throw new IllegalArgumentException("path must name a file, not a directory: " + path);
        }
        if (path.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException("path must not contain control characters");
        }
        for (String segment : path.substring(1).split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException(
                        "path must be normalised (no empty, . or .. segments), got " + path);
            }
        }
        for (String tree : FORBIDDEN_TREES) {
            if (isUnder(path, tree)) {
                throw new IllegalArgumentException("path must not be under " + tree + ", got " + path);
            }
        }
        if (scope == CustomizationScope.ALL) {
            for (String clash : ALL_SCOPE_CLASHES) {
                if (isUnder(path, clash)) {
                    throw new IllegalArgumentException("a file shared by ALL nodes lives at /custom" + path
                            + ", which is under the mount point /custom" + clash + "; choose another path");
                }
            }
        }
        return path;
    }

    /** Whether {@code path} is {@code dir} itself or below it. */
    public static boolean isUnder(String path, String dir) {
        return path.equals(dir) || path.startsWith(dir + "/");
    }
}
