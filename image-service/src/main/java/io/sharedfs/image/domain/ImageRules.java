package io.sharedfs.image.domain;

import io.sharedfs.service.problem.Violation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules an image must follow before anything is stored; pure logic. Paths reach the
 * storage host's file system and its exports file, so they are checked strictly.
 */
public final class ImageRules {

    public static final int MAX_PATH_BYTES = 4096;
    public static final int MAX_DESCRIPTION = 2000;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final List<String> RESERVED = List.of("/proc", "/private", "/custom");

    private ImageRules() {
    }

    /** Every rule the draft breaks, in field order; empty when it is valid. */
    public static List<Violation> check(ImageDraft draft, List<String> storageHosts) {
        List<Violation> violations = new ArrayList<>();
        checkName(draft.name(), violations);
        path("rootPath", draft.rootPath(), violations);
        checkStorageHost(draft.storageHost(), storageHosts, violations);
        boolean listsValid = directories("privateDirs", draft.privateDirs(), violations)
                & directories("sharedSubdirs", draft.sharedSubdirs(), violations)
                & directories("ramDirs", draft.ramDirs(), violations);
        if (listsValid) {
            relations(draft, violations);
        }
        if (draft.description() != null && draft.description().length() > MAX_DESCRIPTION) {
            violations.add(new Violation("description", "max-length",
                    "description is longer than " + MAX_DESCRIPTION + " characters"));
        }
        return violations;
    }

    /** Whether one of the two paths is the other or lies inside it. */
    public static boolean overlap(String a, String b) {
        return a.equals(b) || inside(a, b) || inside(b, a);
    }

    /** Whether {@code child} lies strictly inside {@code parent}. */
    public static boolean inside(String child, String parent) {
        return child.startsWith(parent + "/");
    }

    private static void checkName(String name, List<Violation> violations) {
        if (name == null || name.isEmpty()) {
            violations.add(new Violation("name", "required", "name is required"));
        } else if (!NAME.matcher(name).matches()) {
            violations.add(new Violation("name", "pattern",
                    "name must be 1 to 64 characters of letters, digits, '.', '_' and '-'"));
        }
    }

    private static void checkStorageHost(String host, List<String> storageHosts, List<Violation> violations) {
        if (host == null || host.isBlank()) {
            violations.add(new Violation("storageHost", "required",
                    "storageHost is required when several storage hosts are configured: " + storageHosts));
        } else if (!storageHosts.contains(host)) {
            violations.add(new Violation("storageHost", "known-storage-host",
                    "storageHost '" + host + "' is not one of the configured storage hosts " + storageHosts));
        }
    }

    /** Checks one absolute path; returns whether it is valid. */
    private static boolean path(String field, String value, List<Violation> violations) {
        String rule = pathRule(value);
        if (rule == null) {
            return true;
        }
        violations.add(new Violation(field, rule, field + " " + explain(rule)));
        return false;
    }

    private static String pathRule(String value) {
        if (value == null || value.isEmpty()) {
            return "required";
        }
        // Every Unicode control character (Cc): C0, DEL and C1 (e.g. U+0085, a line break to some readers).
        if (value.chars().anyMatch(Character::isISOControl)) {
            return "no-control-characters";
        }
        if (value.getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
            return "max-length";
        }
        if (!value.startsWith("/")) {
            return "absolute";
        }
        if (value.equals("/")) {
            return "not-root";
        }
        if (value.endsWith("/") || value.contains("//")) {
            return "normalised";
        }
        for (String segment : value.substring(1).split("/")) {
            if (segment.equals(".") || segment.equals("..")) {
                return "normalised";
            }
        }
        return null;
    }

    private static String explain(String rule) {
        return switch (rule) {
            case "required" -> "is required";
            case "no-control-characters" -> "must not contain NUL or other control characters";
            case "max-length" -> "must be at most " + MAX_PATH_BYTES + " bytes";
            case "absolute" -> "must be an absolute path (start with '/')";
            case "not-root" -> "must not be '/'";
            default -> "must be normalised: no '.' or '..' segments, no duplicate or trailing slashes";
        };
    }

    private static boolean directories(String field, List<String> dirs, List<Violation> violations) {
        boolean valid = true;
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < dirs.size(); i++) {
            String name = field + "[" + i + "]";
            String dir = dirs.get(i);
            if (!path(name, dir, violations)) {
                valid = false;
                continue;
            }
            for (String reserved : RESERVED) {
                if (dir.equals(reserved) || inside(dir, reserved)) {
                    violations.add(new Violation(name, "not-reserved",
                            name + " '" + dir + "' lies in " + reserved + ", which sharedfs manages itself"));
                    valid = false;
                }
            }
            if (!seen.add(dir)) {
                violations.add(new Violation(name, "unique", name + " '" + dir + "' is listed twice"));
                valid = false;
            }
        }
        return valid;
    }

    private static void relations(ImageDraft draft, List<Violation> violations) {
        List<String> privateDirs = draft.privateDirs();
        for (int i = 0; i < privateDirs.size(); i++) {
            for (String other : privateDirs) {
                if (inside(privateDirs.get(i), other)) {
                    violations.add(new Violation("privateDirs[" + i + "]", "no-nesting", "privateDirs[" + i + "] '"
                            + privateDirs.get(i) + "' lies inside private dir '" + other + "'"));
                }
            }
        }
        List<String> sharedSubdirs = draft.sharedSubdirs();
        for (int i = 0; i < sharedSubdirs.size(); i++) {
            String subdir = sharedSubdirs.get(i);
            if (privateDirs.stream().noneMatch(dir -> inside(subdir, dir))) {
                violations.add(new Violation("sharedSubdirs[" + i + "]", "inside-private-dir", "sharedSubdirs["
                        + i + "] '" + subdir + "' must lie strictly inside one of the private dirs " + privateDirs));
            }
        }
        List<String> ramDirs = draft.ramDirs();
        for (int i = 0; i < ramDirs.size(); i++) {
            if (sharedSubdirs.contains(ramDirs.get(i))) {
                violations.add(new Violation("ramDirs[" + i + "]", "not-shared-subdir", "ramDirs[" + i + "] '"
                        + ramDirs.get(i) + "' is also a shared subdir; a directory is either in RAM or shared"));
            }
        }
    }
}
