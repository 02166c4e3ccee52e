package io.sharedfs.ve.domain;

import io.quarkus.panache.common.Sort;
import io.sharedfs.contracts.node.NodeAdded;
import io.sharedfs.contracts.node.NodeRemoved;
import io.sharedfs.contracts.node.NodeState;
import io.sharedfs.contracts.node.NodeStateChanged;
import io.sharedfs.messaging.outbox.Outbox;
import io.sharedfs.service.problem.ProblemException;
import io.sharedfs.service.problem.Violation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Nodes of VEs: adding, removing, retrying, and the lifecycle driven by the agents' reports.
 * ve-service is the one authority that publishes NodeAdded and NodeRemoved.
 */
@ApplicationScoped
public class NodeService {

    private final VeService ves;
    private final ImageCatalog images;
    private final Outbox outbox;
    private final EntityManager entityManager;

    public NodeService(VeService ves, ImageCatalog images, Outbox outbox, EntityManager entityManager) {
        this.ves = ves;
        this.images = images;
        this.outbox = outbox;
        this.entityManager = entityManager;
    }

    @Transactional
    public List<Node> list(long veId) {
        ves.get(veId);
        return Node.list("veId", Sort.by("vemId"), veId);
    }

    @Transactional
    public Node get(long veId, long vemId) {
        Node node = Node.findById(new NodeId(veId, vemId));
        if (node == null) {
            ves.get(veId);
            throw ProblemException.notFound("VE " + veId + " has no node with VEM id " + vemId);
        }
        return node;
    }

    @Transactional
    public List<NodeStateEntry> history(long veId, long vemId) {
        return NodeStateEntry.list("veId = ?1 and vemId = ?2", Sort.by("id"), veId, vemId);
    }

    @Transactional
    public List<HookResult> hookResults(long veId, long vemId) {
        return HookResult.list("veId = ?1 and vemId = ?2", Sort.by("attempt"), veId, vemId);
    }

    /** Adds a node in PROVISIONING and publishes NodeAdded for the agents. */
    @Transactional
    public Node add(long veId, String hostname, String address, String mac) {
        List<Violation> violations = new ArrayList<>();
        NodeRules.NodeInput input = NodeRules.check(hostname, address, mac, violations);
        if (!violations.isEmpty()) {
            throw ProblemException.invalid(violations);
        }
        Ve ve = ves.lock(veId);
        ImageProjection image = images.of(ve);
        checkRoomFor(ve, image);
        checkUnique(ve, input);
        Node node = new Node();
        node.veId = ve.id;
        node.vemId = ve.allocateVemId();
        node.hostname = input.hostname();
        node.address = input.address();
        node.mac = input.mac();
        node.attempt = 1;
        node.createdAt = Instant.now();
        node.updatedAt = node.createdAt;
        node.state = NodeState.PROVISIONING;
        node.stateSince = node.createdAt;
        node.persist();
        // A node's first event is NodeAdded, as on a retry or a removal the request comes first.
        outbox.publish(added(node, image));
        record(node, null, NodeState.PROVISIONING, null);
        return node;
    }

    /** Starts removing a node: its exports are withdrawn, then (with purge) its tree deleted. */
    @Transactional
    public Node remove(long veId, long vemId, boolean purge) {
        ves.lock(veId);
        Node node = lockNode(veId, vemId);
        if (node.state == NodeState.REMOVED) {
            throw ProblemException.conflict("vemId", "not-removed", "node " + vemId + " of VE " + veId
                    + " is already removed");
        }
        if (node.removeRequested && (node.purgeRequested || !purge)) {
            return node;
        }
        NodeFacts.removeRequested(node, purge);
        node.updatedAt = Instant.now();
        ImageProjection image = images.of(ves.get(veId));
        outbox.publish(new NodeRemoved(veId, vemId, node.hostname, node.address, node.purgeRequested, image.toRef()));
        refresh(node);
        return node;
    }

    /** Tries a FAILED node again: a new NodeAdded with the next attempt number. */
    @Transactional
    public Node retry(long veId, long vemId) {
        Ve ve = ves.lock(veId);
        Node node = lockNode(veId, vemId);
        if (node.state != NodeState.FAILED) {
            throw ProblemException.conflict("state", "failed", "only a FAILED node can be retried; node " + vemId
                    + " of VE " + veId + " is " + node.state);
        }
        ImageProjection image = images.of(ve);
        String unfit = image.unfitForOneNode();
        if (unfit != null) {
            throw ProblemException.conflict("imageId", "valid-image", unfit);
        }
        NodeFacts.retried(node);
        node.updatedAt = Instant.now();
        outbox.publish(added(node, image));
        refresh(node);
        return node;
    }

    /** Applies a fact an agent reported about a node, then re-derives its state. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void report(long veId, long vemId, Consumer<Node> fact) {
        Node node = entityManager.find(Node.class, new NodeId(veId, vemId), LockModeType.PESSIMISTIC_WRITE);
        if (node == null) {
            // A report about a node this service never had (or a deleted VE's): nothing to update.
            return;
        }
        fact.accept(node);
        node.updatedAt = Instant.now();
        refresh(node);
    }

    private void refresh(Node node) {
        NodeLifecycle.Outcome outcome = NodeLifecycle.derive(node);
        if (outcome.state() == node.state) {
            // Not a transition: a FAILED node may learn a better reason (the facts decide which,
            // whatever their order), but that is no new state and no NodeStateChanged.
            node.stateReason = outcome.reason();
            return;
        }
        NodeState from = node.state;
        node.state = outcome.state();
        node.stateReason = outcome.reason();
        node.stateSince = Instant.now();
        record(node, from, outcome.state(), outcome.reason());
    }

    private void record(Node node, NodeState from, NodeState to, String reason) {
        NodeStateEntry entry = new NodeStateEntry();
        entry.veId = node.veId;
        entry.vemId = node.vemId;
        entry.fromState = from;
        entry.toState = to;
        entry.reason = reason;
        entry.enteredAt = node.stateSince;
        entry.persist();
        outbox.publish(new NodeStateChanged(node.veId, node.vemId, from, to, reason));
    }

    private Node lockNode(long veId, long vemId) {
        Node node = entityManager.find(Node.class, new NodeId(veId, vemId), LockModeType.PESSIMISTIC_WRITE);
        if (node == null) {
            throw ProblemException.notFound("VE " + veId + " has no node with VEM id " + vemId);
        }
        return node;
    }

    private void checkRoomFor(Ve ve, ImageProjection image) {
        String unfit = ve.multiServer ? image.unfitForManyNodes() : image.unfitForOneNode();
        if (unfit != null) {
            throw ProblemException.conflict("imageId", "usable-image", "cannot add a node to VE " + ve.id + ": "
                    + unfit);
        }
        if (image.shared && ve.multiServer) {
            // Any number of nodes: no need to count them on every add.
            return;
        }
        long live = ves.liveNodes(ve.id);
        if (live > 0 && !image.shared) {
            throw ProblemException.conflict("veId", "shared-image", "VE " + ve.id + " already has a node and its image "
                    + image.name + " is not shared; only a shared image runs several nodes");
        }
        if (live > 0 && !ve.multiServer) {
            throw ProblemException.conflict("veId", "single-server", "VE " + ve.id
                    + " is a single-server VE and already has its node");
        }
    }

    private void checkUnique(Ve ve, NodeRules.NodeInput input) {
        // Serialises adds of one address across VEs, so the check below cannot race.
        entityManager.createNativeQuery("SELECT pg_advisory_xact_lock(hashtext(:address))")
                .setParameter("address", "node-address:" + input.address()).getSingleResult();
        // One native statement: no entities loaded into the transaction, no query translation per add.
        List<?> clashes = entityManager.createNativeQuery("""
                SELECT ve_id, vem_id, address = :address FROM node
                WHERE state <> 'REMOVED' AND (address = :address OR (ve_id = :ve AND hostname = :hostname))
                ORDER BY address = :address DESC LIMIT 1""")
                .setParameter("address", input.address())
                .setParameter("ve", ve.id)
                .setParameter("hostname", input.hostname())
                .getResultList();
        if (clashes.isEmpty()) {
            return;
        }
        Object[] clash = (Object[]) clashes.get(0);
        long clashVe = ((Number) clash[0]).longValue();
        long clashVem = ((Number) clash[1]).longValue();
        if ((Boolean) clash[2]) {
            throw ProblemException.conflict("address", "unique-live-address", "address " + input.address()
                    + " belongs to node " + clashVem + " of VE " + clashVe);
        }
        throw ProblemException.conflict("hostname", "unique-in-ve", "VE " + ve.id + " already has a node named "
                + input.hostname() + " (VEM " + clashVem + ")");
    }

    private static NodeAdded added(Node node, ImageProjection image) {
        return new NodeAdded(node.veId, node.vemId, node.hostname, node.address, node.mac, node.attempt,
                image.toRef());
    }
}
