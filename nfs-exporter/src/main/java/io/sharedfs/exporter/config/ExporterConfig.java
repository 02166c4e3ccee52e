package io.sharedfs.exporter.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** nfs-exporter settings ({@code sharedfs.exporter.*}); checked once at start by {@code ExportSettings}. */
@ConfigMapping(prefix = "sharedfs.exporter")
public interface ExporterConfig {

    /** The storage host this agent runs on; images and nodes of other hosts are not its business. */
    @WithDefault("localhost")
    String storageHost();

    /**
     * The name or address nodes mount from, as written in their mount tables (for example the
     * server's address on the boot network, where an initramfs may have no DNS); the storage host
     * when absent.
     */
    Optional<String> mountHost();

    /** The directory of the exports file; {@code exportfs} reads every {@code *.exports} file in it. */
    @WithDefault("/etc/exports.d")
    String exportsDir();

    /** The exports file's name; it must end in {@code .exports}. */
    @WithDefault("sharedfs.exports")
    String exportsFileName();

    /**
     * The command that installs the file (split on spaces, run without a shell), or {@code skip}
     * to render only and report the apply as skipped.
     */
    @WithDefault("exportfs -ra")
    String applyCommand();

    /** How long the apply command may run before its process tree is killed and the run failed. */
    @WithDefault("60s")
    Duration applyTimeout();

    /**
     * How long the oldest unapplied change waits on a quiet host, or once enough of a burst is ready
     * (see {@code ApplyPolicy}); changes made within it share a run.
     */
    @WithDefault("10ms")
    Duration applyWindow();

    /** The most the oldest unapplied change waits, whatever the backlog. */
    @WithDefault("60s")
    Duration applyMaxWindow();

    /** At most this many nodes awaiting their tree is a quiet host. */
    @WithDefault("4")
    int applyQuietBacklog();

    /**
     * With more nodes awaiting their tree, a run starts once the unapplied changes are at least this
     * share of unapplied changes plus awaiting nodes (or after {@link #applyMaxWindow()}).
     */
    @WithDefault("0.5")
    double applyBatchFraction();

    /**
     * A quiet host's run that carried at least this many changes (a flood: an exporter catching up)
     * doubles the quiet window for the next, up to {@link #applyMaxWindow()}; fewer bring it back.
     */
    @WithDefault("4")
    int applyBurst();

    /**
     * ... and only if its changes came at least this fast (changes a second, over the time the
     * oldest of them waited): a steady trickle whose runs carry lumps (consumers commit a poll at a
     * time) is no flood, and its windows must not grow.
     */
    @WithDefault("100")
    double applyFloodRate();

    /** Pause before retrying a failed or refused run; doubled after each further failure. */
    @WithDefault("1s")
    Duration retryBackoff();

    /** The longest pause between retries. */
    @WithDefault("60s")
    Duration retryBackoffMax();

    /**
     * Which NFS server serves the table: {@code kernel} (nfsd, the exports file and
     * {@link #applyCommand()}) or {@code ganesha} (NFS-Ganesha, changed at run time over DBus).
     */
    @WithDefault("kernel")
    String server();

    /** How the table reaches NFS-Ganesha, when {@link #server()} is {@code ganesha}. */
    Ganesha ganesha();

    /** NFS-Ganesha settings ({@code sharedfs.exporter.ganesha.*}). */
    interface Ganesha {

        /**
         * The directory nfs-exporter owns: {@code exports.conf} (every EXPORT block, which Ganesha's main
         * configuration includes, so a restarted Ganesha serves the same table), one file per export under
         * {@code export.d/} for the DBus calls, and the record of what Ganesha was given.
         */
        @WithDefault("/etc/ganesha/sharedfs")
        String configDir();

        /** The DBus bus where Ganesha's {@code org.ganesha.nfsd} service is. */
        @WithDefault("unix:path=/run/dbus/system_bus_socket")
        String dbusAddress();

        /** The NFSv4 pseudo-file-system directory under which each node's exports appear (also the v3 mount paths). */
        @WithDefault("/sharedfs")
        String pseudoRoot();

        /** How long one DBus call may take before the run fails. */
        @WithDefault("30s")
        Duration callTimeout();

        /** The lowest {@code Export_Id} sharedfs hands out; ids below it belong to the operator's own exports. */
        @WithDefault("1000")
        int firstExportId();
    }

    /** NFS client options every NFS mount of a node's mount table carries, after {@code ro}/{@code rw}. */
    @WithDefault("nfsvers=3,proto=tcp,hard")
    String nfsMountOptions();

    /** The export options of each kind of entry. */
    Options options();

    /** Export option sets (exports(5)), one per kind of entry. */
    interface Options {

        String IMAGE_ROOT = "ro,root_squash,subtree_check,secure";
        String NODE_PRIVATE = "rw,sync,no_root_squash,subtree_check,secure";
        String VE_CUSTOM = "rw,sync,root_squash,subtree_check,secure";
        String NON_SHARED_ROOT = "rw,sync,no_root_squash,subtree_check,secure";

        /** A shared image's root, read-only to each of its nodes. */
        @WithDefault(IMAGE_ROOT)
        String imageRoot();

        /** A node's own private dirs and its {@code /custom/node}, read-write to that node alone. */
        @WithDefault(NODE_PRIVATE)
        String nodePrivate();

        /** A VE's {@code /custom/ve}, read-write to each node of that VE. */
        @WithDefault(VE_CUSTOM)
        String veCustom();

        /** A non-shared image's root, read-write to its single node. */
        @WithDefault(NON_SHARED_ROOT)
        String nonSharedRoot();
    }
}
