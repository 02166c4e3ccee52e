package io.sharedfs.exporter.boot;

import io.sharedfs.contracts.node.NodeRef;
import io.sharedfs.exporter.config.ExportSettings;
import io.sharedfs.exporter.domain.ExportStore;
import io.sharedfs.exporter.domain.NodeRow;
import io.sharedfs.exporter.exports.ClientAddress;
import io.sharedfs.service.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * Which node is calling: the one node of this storage host whose exported address is the caller's own.
 * A booting node has no credentials, so its address is all it proves; every answer that finds no such
 * node is the same 404, which tells a stranger nothing about the nodes there are.
 */
@ApplicationScoped
public class BootingNodes {

    private final ExportStore store;
    private final ExportSettings settings;

    public BootingNodes(ExportStore store, ExportSettings settings) {
        this.store = store;
        this.settings = settings;
    }

    /**
     * The node exported to {@code caller}; when the node named itself ({@code claimed}, from
     * {@code sharedfs.node=VE/VEM}) it must be that node.
     */
    public NodeRow caller(String caller, Optional<NodeRef> claimed) {
        InetAddress from = ClientAddress.literal(caller);
        if (from == null) {
            throw notFound();
        }
        List<NodeRow> matches = store.liveNodesMaybeAt(settings.storageHost(), from.getHostAddress()).stream()
                .filter(node -> node.known() && node.exportedGeneration != null)
                .filter(node -> from.equals(ClientAddress.literal(node.address)))
                .toList();
        if (matches.size() != 1) {
            throw notFound();
        }
        NodeRow node = matches.get(0);
        if (claimed.isPresent() && !claimed.get().equals(node.ref())) {
            throw notFound();
        }
        return node;
    }

    private ProblemException notFound() {
        return ProblemException.notFound("no node exported by storage host " + settings.storageHost()
                + " has the address this request comes from; a node that was just added is exported once its tree"
                + " is built: retry");
    }
}
