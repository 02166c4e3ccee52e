package io.sharedfs.exporter.config;

import io.sharedfs.exporter.apply.ApplyPolicy;
import io.sharedfs.exporter.exports.ApplyCommand;
import io.sharedfs.exporter.exports.ExportKind;
import io.sharedfs.exporter.exports.ExportOptions;
import io.sharedfs.exporter.exports.ExportsInstaller;
import io.sharedfs.exporter.exports.OptionSets;
import io.sharedfs.exporter.ganesha.GaneshaOptions;
import io.sharedfs.exporter.ganesha.GaneshaSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The configuration, checked and parsed once: a setting that is unsafe (an option set that
 * would let a node reach a sibling's tree) or unusable stops the service at start with the reason,
 * instead of surfacing as refused tables later.
 */
public record ExportSettings(
        String storageHost,
        String mountHost,
        Path exportsDir,
        String exportsFileName,
        ApplyCommand applyCommand,
        ApplyPolicy applyPolicy,
        Duration retryBackoff,
        Duration retryBackoffMax,
        String nfsMountOptions,
        OptionSets options,
        int privateOwner,
        Server server,
        GaneshaSettings ganesha) {

    /** The NFS server that serves the table. */
    public enum Server {
        /** Kernel nfsd: the exports file and the apply command. */
        KERNEL,
        /** NFS-Ganesha, over its DBus export manager. */
        GANESHA
    }

    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*\\.exports");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._:-]{1,253}");
    private static final Pattern MOUNT_OPTIONS = Pattern.compile("[A-Za-z0-9_=.,:-]*");

    /** @throws IllegalArgumentException listing every problem found */
    public static ExportSettings from(ExporterConfig config, int processUid) {
        List<String> problems = new ArrayList<>();
        String host = checkHost("storage-host", config.storageHost(), problems);
        String mountHost = checkHost("mount-host", config.mountHost().orElse(config.storageHost()), problems);
        Path dir = Path.of(config.exportsDir());
        if (!dir.isAbsolute()) {
            problems.add("exports-dir must be an absolute path, got " + config.exportsDir());
        }
        if (!FILE_NAME.matcher(config.exportsFileName()).matches()) {
            problems.add("exports-file-name must be a plain file name ending in .exports (exportfs reads only"
                    + " those), not starting with a dot, got " + config.exportsFileName());
        }
        ApplyCommand command = parse(problems, () -> ApplyCommand.parse(config.applyCommand(), config.applyTimeout()));
        OptionSets options = parse(problems, () -> new OptionSets(
                ExportOptions.parse(config.options().imageRoot(), "options.image-root"),
                ExportOptions.parse(config.options().nodePrivate(), "options.node-private"),
                ExportOptions.parse(config.options().veCustom(), "options.ve-custom"),
                ExportOptions.parse(config.options().nonSharedRoot(), "options.non-shared-root")));
        if (options != null) {
            problems.addAll(options.problems());
        }
        checkDurations(config, problems);
        Server server = checkServer(config, options, problems);
        ExporterConfig.Ganesha g = config.ganesha();
        problems.addAll(GaneshaSettings.problems(g.configDir(), g.dbusAddress(), g.pseudoRoot(), g.callTimeout(),
                g.firstExportId()));
        if (!MOUNT_OPTIONS.matcher(config.nfsMountOptions()).matches()) {
            problems.add("nfs-mount-options must be a comma-separated option list, got " + config.nfsMountOptions());
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("nfs-exporter configuration (sharedfs.exporter.*) is not usable:\n  "
                    + String.join("\n  ", problems));
        }
        ApplyPolicy policy = new ApplyPolicy(config.applyWindow(), config.applyMaxWindow(),
                config.applyQuietBacklog(), config.applyBatchFraction(), config.applyBurst(), config.applyFloodRate());
        return new ExportSettings(host, mountHost, dir, config.exportsFileName(), command, policy,
                config.retryBackoff(), config.retryBackoffMax(),
                config.nfsMountOptions(), options, processUid, server, new GaneshaSettings(Path.of(g.configDir()),
                        g.dbusAddress(), g.pseudoRoot(), g.callTimeout(), g.firstExportId()));
    }

    private static Server checkServer(ExporterConfig config, OptionSets options, List<String> problems) {
        Server server;
        try {
            server = Server.valueOf(config.server().trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problems.add("server must be kernel or ganesha, got " + config.server());
            return null;
        }
        if (server == Server.GANESHA && options != null) {
            for (ExportKind kind : ExportKind.values()) {
                for (String problem : GaneshaOptions.problems(options.of(kind))) {
                    problems.add(kind + " options " + options.of(kind) + ": " + problem);
                }
            }
        }
        return server;
    }

    /** The pause before retrying after this many failed attempts in a row: doubling, capped. */
    public Duration backoff(int failures) {
        Duration backoff = retryBackoff;
        for (int i = 1; i < failures && backoff.compareTo(retryBackoffMax) < 0; i++) {
            backoff = backoff.multipliedBy(2);
        }
        return backoff.compareTo(retryBackoffMax) <= 0 ? backoff : retryBackoffMax;
    }

    /** The installer for the configured file and command. */
    public ExportsInstaller installer() {
        return new ExportsInstaller(exportsDir, exportsFileName, applyCommand);
    }

    /** Whether a storage host named in an event is this one (host names are case-insensitive). */
    public boolean isThisHost(String host) {
        return host != null && host.toLowerCase(Locale.ROOT).equals(storageHost);
    }

    private static String checkHost(String name, String host, List<String> problems) {
        if (host == null || !HOST.matcher(host).matches()) {
            problems.add(name + " must be a host name or address, got " + host);
            return host;
        }
        return host.toLowerCase(Locale.ROOT);
    }

    private static void checkDurations(ExporterConfig config, List<String> problems) {
        if (config.applyWindow().isNegative()) {
            problems.add("apply-window must not be negative");
        }
        if (config.applyMaxWindow().compareTo(config.applyWindow()) < 0) {
            problems.add("apply-max-window must not be shorter than apply-window");
        }
        if (config.applyBurst() < 1) {
            problems.add("apply-burst must be at least 1");
        }
        if (!(config.applyFloodRate() > 0)) {
            problems.add("apply-flood-rate must be above 0, got " + config.applyFloodRate());
        }
        if (config.applyQuietBacklog() < 0) {
            problems.add("apply-quiet-backlog must not be negative");
        }
        if (!(config.applyBatchFraction() > 0 && config.applyBatchFraction() <= 1)) {
            problems.add("apply-batch-fraction must be above 0 and at most 1, got " + config.applyBatchFraction());
        }
        if (config.retryBackoff().isNegative() || config.retryBackoff().isZero()) {
            problems.add("retry-backoff must be positive");
        }
        if (config.retryBackoffMax().compareTo(config.retryBackoff()) < 0) {
            problems.add("retry-backoff-max must not be shorter than retry-backoff");
        }
    }

    private static <T> T parse(List<String> problems, java.util.function.Supplier<T> parser) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
            return null;
        }
    }
}
