package io.sharedfs.exporter.domain;

import io.sharedfs.contracts.export.NodeUnexported;
import io.sharedfs.contracts.image.ImageDeleted;
import io.sharedfs.contracts.node.NodeAdded;
import io.sharedfs.contracts.node.NodeRemoved;
import io.sharedfs.contracts.provisioning.NodeProvisioned;
import io.sharedfs.contracts.provisioning.NodeProvisioningFailed;
import io.sharedfs.exporter.config.ExportSettings;
import io.sharedfs.exporter.exports.ClientAddress;
import io.sharedfs.messaging.inbox.RejectedMessageException;
import io.sharedfs.messaging.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Applies node, provisioning and image events to the desired export table, in the consumer's
 * transaction. Each event only adds a fact (a later attempt, a provisioned image, a removal), so
 * the same event twice, or events of different topics in any order, end in the same table; a
 * change that alters the table starts a new generation for the apply worker.
 */
@ApplicationScoped
public class TableChanges {

    private final ExportStore store;
    private final Outbox outbox;
    private final ExportSettings settings;
    private final Event<TableChanged> changed;
    private final Event<BacklogChanged> backlogChanged;

    public TableChanges(ExportStore store, Outbox outbox, ExportSettings settings, Event<TableChanged> changed,
            Event<BacklogChanged> backlogChanged) {
        this.store = store;
        this.outbox = outbox;
        this.settings = settings;
        this.changed = changed;
        this.backlogChanged = backlogChanged;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void nodeAdded(NodeAdded added) {
        String host = settings.storageHost();
        boolean here = settings.isThisHost(added.image().storageHost());
        store.lockState(host);
        Optional<NodeRow> existing = store.lockNode(host, added.veId(), added.vemId());
        if (!here) {
            // A later attempt on an image of another host takes the node away from this one.
            existing.filter(node -> !node.removed && added.attempt() >= node.addedAttempt)
                    .ifPresent(node -> movedAway(node, added.attempt()));
            return;
        }
        List<String> problems = NodeInput.problems(added.address(), added.image());
        if (!problems.isEmpty()) {
            throw new RejectedMessageException("node " + added.veId() + "/" + added.vemId() + " cannot be exported: "
                    + String.join("; ", problems));
        }
        NodeRow node = existing.orElseGet(() -> new NodeRow(host, added.veId(), added.vemId()));
        // A removal is final, and an older attempt's description is stale.
        if (node.removed || added.attempt() < node.addedAttempt) {
            return;
        }
        if (existing.isPresent() && node.address != null && added.attempt() == node.addedAttempt
                && !ClientAddress.canonical(node.address).equals(ClientAddress.canonical(added.address()))) {
            // ve-service gives a node another address only with a new attempt: this one would hand the node's
            // tree to whichever machine holds the other address.
            throw new RejectedMessageException("node " + added.veId() + "/" + added.vemId() + ", attempt "
                    + added.attempt() + ", is exported to " + node.address + "; a NodeAdded of the same attempt"
                    + " names " + added.address() + ": refused, the exports keep " + node.address);
        }
        Object before = node.tableKey();
        boolean wasAwaiting = node.awaiting();
        if (node.addedAt == null || added.attempt() > node.addedAttempt) {
            node.addedAt = Instant.now();
        }
        node.hostname = added.hostname();
        node.address = added.address();
        node.imageId = added.image().imageId();
        node.rootPath = added.image().rootPath();
        node.shared = added.image().shared();
        node.privateDirs = added.image().privateDirs();
        node.sharedSubdirs = added.image().sharedSubdirs();
        node.ramDirs = added.image().ramDirs();
        node.addedAttempt = added.attempt();
        node.elsewhere = false;
        node.imageDeleted = store.isImageDeleted(host, node.imageId);
        save(node, before, wasAwaiting);
        if (before == null && node.ready()) {
            // Its tree was reported before it was added.
            store.treeReported(host, node.addedAt);
        }
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void nodeProvisioned(NodeProvisioned provisioned) {
        if (!settings.isThisHost(provisioned.storageHost())) {
            return;
        }
        String host = settings.storageHost();
        store.lockState(host);
        NodeRow node = store.lockNode(host, provisioned.veId(), provisioned.vemId())
                .orElseGet(() -> new NodeRow(host, provisioned.veId(), provisioned.vemId()));
        if (node.removed || provisioned.attempt() < node.provisionedAttempt) {
            return;
        }
        Object before = node.tableKey();
        boolean wasAwaiting = node.awaiting();
        node.provisionedAttempt = provisioned.attempt();
        node.provisionedImageId = provisioned.imageId();
        save(node, before, wasAwaiting);
        store.treeReported(host, node.addedAt);
    }

    /**
     * The node's tree will not come for this attempt: it no longer holds up other nodes' changes
     * (see {@code ApplyPolicy}). A failure of a node this host never heard of changes nothing.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void nodeProvisioningFailed(NodeProvisioningFailed failed) {
        String host = settings.storageHost();
        store.lockState(host);
        Optional<NodeRow> existing = store.lockNode(host, failed.veId(), failed.vemId());
        if (existing.isEmpty() || existing.get().removed
                || failed.attempt() <= existing.get().provisioningFailedAttempt) {
            return;
        }
        NodeRow node = existing.get();
        Object before = node.tableKey();
        boolean wasAwaiting = node.awaiting();
        node.provisioningFailedAttempt = failed.attempt();
        save(node, before, wasAwaiting);
        if (failed.attempt() >= node.addedAttempt) {
            store.treeReported(host, node.addedAt);
        }
    }

    /**
     * Withdraws the node. One that no file ever held is reported unexported at once (ve-service
     * and node-provisioner wait for that); otherwise the apply worker reports it once a table
     * without it is applied.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void nodeRemoved(NodeRemoved removed) {
        String host = settings.storageHost();
        ExportState state = store.lockState(host);
        Optional<NodeRow> existing = store.lockNode(host, removed.veId(), removed.vemId());
        if (existing.isEmpty() && !settings.isThisHost(removed.image().storageHost())) {
            return;
        }
        NodeRow node = existing.orElseGet(() -> new NodeRow(host, removed.veId(), removed.vemId()));
        if (node.removed) {
            return;
        }
        if (node.address == null) {
            node.address = removed.address();
            node.hostname = removed.hostname();
        }
        Object before = node.tableKey();
        boolean wasAwaiting = node.awaiting();
        node.removed = true;
        if (node.everRendered) {
            node.changedGeneration = bump(host);
            store.save(node);
            return;
        }
        node.unexportedPublished = true;
        save(node, before, wasAwaiting);
        long generation = Math.max(state.generation(), node.changedGeneration);
        outbox.publish(new NodeUnexported(node.veId, node.vemId, node.address, host, generation));
    }

    /** An image left the registry: its nodes leave the table, and so do any that arrive late. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void imageDeleted(ImageDeleted deleted) {
        if (deleted.storageHost() != null && !settings.isThisHost(deleted.storageHost())) {
            return;
        }
        String host = settings.storageHost();
        store.lockState(host);
        if (!store.rememberDeletedImage(host, deleted.imageId(), deleted.rootPath())) {
            return;
        }
        for (NodeRow node : store.lockNodesOfImage(host, deleted.imageId())) {
            Object before = node.tableKey();
            boolean wasAwaiting = node.awaiting();
            node.imageDeleted = true;
            save(node, before, wasAwaiting);
        }
    }

    private void movedAway(NodeRow node, int attempt) {
        Object before = node.tableKey();
        boolean wasAwaiting = node.awaiting();
        node.elsewhere = true;
        node.addedAttempt = attempt;
        save(node, before, wasAwaiting);
    }

    /** A new generation; the apply worker hears of it once the transaction commits. */
    private long bump(String host) {
        long generation = store.bump(host);
        changed.fire(new TableChanged(host, generation));
        return generation;
    }

    /**
     * Saves the node, starting a new generation when its part of the table changed; when it no
     * longer awaits its tree without changing the table, the apply worker hears of that too.
     */
    private void save(NodeRow node, Object tableKeyBefore, boolean wasAwaiting) {
        if (NodeRow.tableChanged(tableKeyBefore, node)) {
            node.changedGeneration = bump(node.storageHost);
            if (node.ready() && node.activatedGeneration == null) {
                node.activatedGeneration = node.changedGeneration;
            }
        } else if (wasAwaiting && !node.awaiting()) {
            backlogChanged.fire(new BacklogChanged(node.storageHost));
        }
        store.save(node);
    }
}
