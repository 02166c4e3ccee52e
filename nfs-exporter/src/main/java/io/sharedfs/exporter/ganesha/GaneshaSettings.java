package io.sharedfs.exporter.ganesha;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * How the table reaches NFS-Ganesha, checked once at start.
 *
 * @param configDir the directory nfs-exporter owns (see {@link GaneshaFiles})
 * @param dbusAddress the bus of Ganesha's {@code org.ganesha.nfsd} service
 * @param pseudoRoot the pseudo-file-system directory of every node's exports
 * @param firstExportId the lowest {@code Export_Id} sharedfs hands out
 */
public record GaneshaSettings(Path configDir, String dbusAddress, String pseudoRoot, Duration callTimeout,
        int firstExportId) {

    /** Ganesha's export ids are 16-bit; 0 is its own pseudo-root. */
    public static final int LAST_EXPORT_ID = 65_535;

    private static final Pattern PSEUDO_ROOT = Pattern.compile("(/[A-Za-z0-9_-]+)+");
    private static final Pattern DBUS_ADDRESS = Pattern.compile("unix:(path|abstract)=[^;,\"]+");

    /** Every problem of these settings, empty when they are usable. */
    public static List<String> problems(String configDir, String dbusAddress, String pseudoRoot, Duration callTimeout,
            int firstExportId) {
        List<String> problems = new java.util.ArrayList<>();
        if (!Path.of(configDir).isAbsolute() || configDir.contains("\"")) {
            problems.add("ganesha.config-dir must be an absolute path without quotes, got " + configDir);
        }
        if (!DBUS_ADDRESS.matcher(dbusAddress).matches()) {
            problems.add("ganesha.dbus-address must be a unix socket bus address (unix:path=...), got " + dbusAddress);
        }
        if (!PSEUDO_ROOT.matcher(pseudoRoot).matches()) {
            problems.add("ganesha.pseudo-root must be an absolute path of plain names (not /), got " + pseudoRoot);
        }
        if (callTimeout.isNegative() || callTimeout.isZero()) {
            problems.add("ganesha.call-timeout must be positive");
        }
        if (firstExportId < 1 || firstExportId > LAST_EXPORT_ID) {
            problems.add("ganesha.first-export-id must be between 1 and " + LAST_EXPORT_ID + ", got " + firstExportId);
        }
        return problems;
    }
}
