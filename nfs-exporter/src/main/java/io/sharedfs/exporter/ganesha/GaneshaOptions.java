package io.sharedfs.exporter.ganesha;

import io.sharedfs.exporter.exports.ExportOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * exports(5) options as NFS-Ganesha's CLIENT block says them. Only options with a Ganesha
 * counterpart, or whose absence there changes nothing a node could use, are accepted; any other
 * stops the service at start instead of being silently dropped.
 *
 * <ul>
 *   <li>{@code ro}/{@code rw} become {@code Access_Type = RO/RW};
 *   <li>{@code root_squash}, {@code no_root_squash}, {@code all_squash} become {@code Squash};
 *       {@code anonuid}/{@code anongid} become {@code Anonymous_Uid}/{@code Anonymous_Gid};
 *   <li>{@code secure} (exportfs' default) becomes {@code PrivilegedPort = true};
 *   <li>{@code sync}, {@code wdelay}, {@code no_wdelay}: Ganesha always honours the client's stability
 *       request, so these have nothing to set; {@code async} (replies before data is stable) is refused;
 *   <li>{@code subtree_check}/{@code no_subtree_check}: Ganesha has no subtree check. The analyzer still
 *       requires the token (the table is the same for both servers); what stands in for the check under
 *       Ganesha is described in the README ("Which guarantees hold with which server").
 * </ul>
 */
public final class GaneshaOptions {

    private static final Set<String> WITHOUT_COUNTERPART = Set.of("sync", "wdelay", "no_wdelay", "subtree_check",
            "no_subtree_check");
    private static final Set<String> MAPPED_FLAGS = Set.of("ro", "rw", "root_squash", "no_root_squash", "all_squash",
            "secure", "insecure");
    private static final Set<String> MAPPED_KEYS = Set.of("anonuid", "anongid", "sec");

    private GaneshaOptions() {
    }

    /** What Ganesha cannot be told of these options; empty when all of them map. */
    public static List<String> problems(ExportOptions options) {
        List<String> problems = new ArrayList<>();
        for (String token : options.tokens()) {
            int equals = token.indexOf('=');
            String name = equals < 0 ? token : token.substring(0, equals);
            boolean known = equals < 0 ? MAPPED_FLAGS.contains(name) || WITHOUT_COUNTERPART.contains(name)
                    : MAPPED_KEYS.contains(name);
            if (!known) {
                problems.add("'" + token + "' has no NFS-Ganesha counterpart");
            } else if (name.equals("sec") && !token.equals("sec=sys")) {
                problems.add("'" + token + "': sharedfs gives Ganesha AUTH_SYS only (sec=sys)");
            } else if ((name.equals("anonuid") || name.equals("anongid")) && id(options.value(name)) == null) {
                problems.add("'" + token + "' is not a numeric id");
            }
        }
        return problems;
    }

    /** The CLIENT block's permission lines for these options (checked by {@link #problems}). */
    static List<String> clientLines(ExportOptions options) {
        List<String> lines = new ArrayList<>();
        lines.add("Access_Type = " + (options.writable() ? "RW" : "RO") + ";");
        lines.add("Squash = " + squash(options) + ";");
        Long anonUid = id(options.value("anonuid"));
        if (anonUid != null) {
            lines.add("Anonymous_Uid = " + anonUid + ";");
        }
        Long anonGid = id(options.value("anongid"));
        if (anonGid != null) {
            lines.add("Anonymous_Gid = " + anonGid + ";");
        }
        lines.add("PrivilegedPort = " + !options.has("insecure") + ";");
        return lines;
    }

    private static String squash(ExportOptions options) {
        if (options.has("all_squash")) {
            return "All_Squash";
        }
        return options.has("no_root_squash") ? "No_Root_Squash" : "Root_Squash";
    }

    /** A uid or gid by value ({@code 00} is 0), or null when the text is none. */
    static Long id(String text) {
        if (text == null || text.isEmpty() || text.length() > 10 || !text.chars().allMatch(Character::isDigit)) {
            return null;
        }
        long value = Long.parseLong(text);
        return value <= 0xFFFF_FFFFL ? value : null;
    }
}
