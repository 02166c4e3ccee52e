package io.sharedfs.exporter.api;

import io.sharedfs.exporter.config.ExportSettings;
import io.sharedfs.exporter.domain.NodeRow;
import io.sharedfs.exporter.exports.Mount;
import io.sharedfs.exporter.exports.MountTable;
import io.sharedfs.exporter.exports.NfsServer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** A node's mount table as this storage host serves it, for operators and for the node at boot alike. */
@ApplicationScoped
public class NodeMounts {

    private final ExportSettings settings;
    private final NfsServer server;

    public NodeMounts(ExportSettings settings, NfsServer server) {
        this.settings = settings;
        this.server = server;
    }

    public List<Mount> of(NodeRow node) {
        return MountTable.of(node.facts(), settings.mountHost(), settings.options(), settings.nfsMountOptions(),
                server.servedPaths());
    }

    public String fstab(NodeRow node) {
        return MountTable.fstab(of(node), "sharedfs mount table of node " + node.veId + "/" + node.vemId + " ("
                + node.address + "), image " + node.rootPath + " on " + settings.mountHost()
                + "; parents before children");
    }
}
