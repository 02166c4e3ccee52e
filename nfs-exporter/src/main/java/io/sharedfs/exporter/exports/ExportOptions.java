package io.sharedfs.exporter.exports;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One export's options as exports(5) writes them, e.g. {@code ro,root_squash,subtree_check}.
 * Only the shape is checked here (exportfs knows its own keywords, which vary by nfs-utils
 * version); what the options mean for isolation is judged by {@link ExportAnalyzer}.
 */
public record ExportOptions(List<String> tokens) {

    private static final Pattern TOKEN = Pattern.compile("[a-z_]+(=[A-Za-z0-9._:/@+-]+)?");

    public ExportOptions {
        tokens = List.copyOf(tokens);
    }

    /**
     * Reads a comma-separated option list.
     *
     * @throws IllegalArgumentException naming {@code what} and the token that is not an option
     */
    public static ExportOptions parse(String text, String what) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(what + " must list at least one export option");
        }
        List<String> tokens = new ArrayList<>();
        for (String token : text.trim().split(",", -1)) {
            if (!TOKEN.matcher(token).matches()) {
                throw new IllegalArgumentException(what + ": '" + token + "' is not an export option (lower-case"
                        + " keyword, optionally =value without spaces, commas or parentheses)");
            }
            tokens.add(token);
        }
        return new ExportOptions(tokens);
    }

    /** Whether a flag ({@code rw}) or a keyed option ({@code anonuid}, of {@code anonuid=0}) is present. */
    public boolean has(String name) {
        for (String token : tokens) {
            if (token.equals(name) || token.startsWith(name + "=")) {
                return true;
            }
        }
        return false;
    }

    /** The value of a keyed option, or null. */
    public String value(String name) {
        String value = null;
        for (String token : tokens) {
            if (token.startsWith(name + "=")) {
                value = token.substring(name.length() + 1);
            }
        }
        return value;
    }

    /** exportfs exports read-only unless {@code rw} is given. */
    public boolean writable() {
        return has("rw");
    }

    /**
     * Whether a client's root is mapped to the anonymous user: {@code root_squash} is the default
     * and {@code all_squash} implies it, but an anonymous uid of 0 undoes either. The uid is judged by
     * value, as exportfs reads it ({@code anonuid=00}, {@code anonuid=+0} and {@code anonuid=-0} are uid 0),
     * and a value that is no decimal number is taken for 0: nothing but a proven non-zero uid squashes.
     */
    public boolean squashesRoot() {
        if (has("no_root_squash")) {
            return false;
        }
        for (String token : tokens) {
            if (token.startsWith("anonuid=") && !nonZero(token.substring("anonuid=".length()))) {
                return false;
            }
        }
        return true;
    }

    private static boolean nonZero(String number) {
        if (!number.matches("[+-]?[0-9]{1,18}")) {
            return false;
        }
        return Long.parseLong(number) != 0;
    }

    @Override
    public String toString() {
        return String.join(",", tokens);
    }
}
