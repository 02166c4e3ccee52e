package io.sharedfs.exporter.exports;

import java.util.List;

/**
 * Paths that may reach an exports line or a mount table: absolute, normalised, and made of
 * characters that need no quoting in exports(5) or fstab(5). Anything else is refused rather
 * than escaped, so a path can never smuggle a second client or option into a line.
 */
public final class PathRules {

    /** Directories sharedfs manages inside every image; never a private, shared or RAM dir. */
    public static final List<String> RESERVED = List.of("/proc", "/private", "/custom");

    private static final int MAX_LENGTH = 1024;

    private PathRules() {
    }

    /** Why the path cannot be used, or null when it can. */
    public static String problem(String path) {
        if (path == null || path.isEmpty()) {
            return "is missing";
        }
        if (path.length() > MAX_LENGTH) {
            return "is longer than " + MAX_LENGTH + " characters";
        }
        if (!path.startsWith("/") || path.equals("/")) {
            return "must be an absolute path other than /";
        }
        for (String segment : path.substring(1).split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return "must be normalised (no empty, '.' or '..' segments, no trailing slash)";
            }
            if (!plain(segment)) {
                return "may only hold letters, digits and . _ + ~ - in its segments";
            }
        }
        return null;
    }

    /** Letters, digits and {@code . _ + ~ -} only (a loop: this runs for every line of big tables). */
    private static boolean plain(String segment) {
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '+' || c == '~' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Why a node-view directory (a private, shared or RAM dir) cannot be used, or null. */
    public static String directoryProblem(String dir) {
        String problem = problem(dir);
        if (problem != null) {
            return problem;
        }
        for (String reserved : RESERVED) {
            if (dir.equals(reserved) || inside(dir, reserved)) {
                return "lies in " + reserved + ", which sharedfs manages itself";
            }
        }
        return null;
    }

    /** Whether {@code child} lies strictly inside {@code parent}. */
    public static boolean inside(String child, String parent) {
        return child.length() > parent.length() && child.startsWith(parent) && child.charAt(parent.length()) == '/';
    }

    /** Whether {@code path} is {@code parent} or lies inside it. */
    public static boolean within(String path, String parent) {
        return path.equals(parent) || inside(path, parent);
    }

    /** The parent of an absolute path, or null for a top-level one. */
    public static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? null : path.substring(0, slash);
    }

    /**
     * Orders paths so that a directory comes before everything inside it: segment by segment,
     * which is also how a mount table must be mounted.
     */
    public static int compare(String a, String b) {
        int i = 0;
        int n = Math.min(a.length(), b.length());
        while (i < n && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        if (i == a.length() || i == b.length()) {
            return Integer.compare(a.length(), b.length());
        }
        char ca = a.charAt(i);
        char cb = b.charAt(i);
        if (ca == '/') {
            return -1;
        }
        if (cb == '/') {
            return 1;
        }
        return Character.compare(ca, cb);
    }
}
