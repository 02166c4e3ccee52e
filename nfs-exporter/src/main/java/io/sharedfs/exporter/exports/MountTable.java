package io.sharedfs.exporter.exports;

import java.util.ArrayList;
import java.util.List;

/**
 * What a node mounts where, for its initramfs; pure logic. NFS mounts use the same paths and the
 * same read-only or read-write mode as the node's exports, mounts are ordered parents before
 * children, and every private dir, shared subdir and RAM dir is taken from the node's own events.
 */
public final class MountTable {

    /** Options of the per-node kernel mounts. */
    static final String PROC_OPTIONS = "nosuid,nodev,noexec";
    static final String TMPFS_OPTIONS = "nosuid,nodev";

    private MountTable() {
    }

    /**
     * @param mountHost how the node names the storage host
     * @param nfsOptions the NFS client options added after {@code ro}/{@code rw}
     */
    public static List<Mount> of(NodeFacts node, String mountHost, OptionSets options, String nfsOptions) {
        return of(node, mountHost, options, nfsOptions, ServedPaths.AS_IS);
    }

    /** The same, with NFS sources named as the NFS server serves them. */
    public static List<Mount> of(NodeFacts node, String mountHost, OptionSets options, String nfsOptions,
            ServedPaths served) {
        Source source = new Source(ClientAddress.asMountHost(mountHost), node, served);
        List<Mount> mounts = new ArrayList<>();
        if (node.shared()) {
            shared(node, source, options, nfsOptions, mounts);
        } else {
            mounts.add(nfs(source, node.imageRoot(), "/", options.nonSharedRoot(), nfsOptions));
        }
        mounts.add(new Mount("proc", "/proc", "proc", PROC_OPTIONS, null));
        for (String dir : node.ramDirs()) {
            mounts.add(new Mount("tmpfs", dir, "tmpfs", TMPFS_OPTIONS, source.of(node.imageRoot() + dir)));
        }
        mounts.sort((a, b) -> PathRules.compare(a.target(), b.target()));
        return mounts;
    }

    private static void shared(NodeFacts node, Source host, OptionSets options, String nfsOptions,
            List<Mount> mounts) {
        String root = node.imageRoot();
        mounts.add(nfs(host, root, "/", options.imageRoot(), nfsOptions));
        for (String dir : node.privateDirs()) {
            mounts.add(nfs(host, node.privateTree() + dir, dir, options.nodePrivate(), nfsOptions));
        }
        mounts.add(nfs(host, node.privateTree() + "/custom", "/custom/node", options.nodePrivate(), nfsOptions));
        mounts.add(nfs(host, node.veCustom(), "/custom/ve", options.veCustom(), nfsOptions));
        for (String subdir : node.sharedSubdirs()) {
            // Only a subdir inside a private dir is hidden by the private copy and must be mounted
            // again from the image; any other is part of the image root mount already. It is an
            // NFS mount of the image's path, not a bind: once the private dir is mounted, the
            // image's copy has no path on the node a bind could start from.
            if (node.privateDirs().stream().anyMatch(dir -> PathRules.inside(subdir, dir))) {
                mounts.add(nfs(host, root + subdir, subdir, options.imageRoot(), nfsOptions));
            }
        }
    }

    private static Mount nfs(Source host, String path, String target, ExportOptions export, String nfsOptions) {
        String mode = export.writable() ? "rw" : "ro";
        return new Mount(host.of(path), target, "nfs", nfsOptions.isEmpty() ? mode : mode + "," + nfsOptions,
                null);
    }

    /** {@code host:path} of a storage-host path, as the node's NFS server serves it. */
    private record Source(String host, NodeFacts node, ServedPaths served) {

        String of(String path) {
            return host + ":" + served.of(node, path);
        }
    }

    /** The table as fstab(5) lines, RAM dirs preceded by a comment naming their seed. */
    public static String fstab(List<Mount> mounts, String heading) {
        StringBuilder text = new StringBuilder("# ").append(heading).append('\n');
        for (Mount mount : mounts) {
            if (mount.seedFrom() != null) {
                text.append("# ").append(mount.target()).append(": RAM dir, seed from ").append(mount.seedFrom())
                        .append('\n');
            }
            text.append(mount.source()).append(' ').append(mount.target()).append(' ').append(mount.type())
                    .append(' ').append(mount.options()).append(" 0 0\n");
        }
        return text.toString();
    }
}
