package io.sharedfs.ve.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.sharedfs.contracts.node.NodeState;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A node (VEM) of a VE. Besides what the operator gave, it keeps the facts the agents reported;
 * its state is derived from those facts by {@link NodeLifecycle}, so the order in which the
 * events arrive does not matter.
 */
@Entity
@Table(name = "node")
@IdClass(NodeId.class)
public class Node extends PanacheEntityBase {

    @Id
    @Column(name = "ve_id")
    public long veId;

    @Id
    @Column(name = "vem_id")
    public long vemId;

    public String hostname;

    public String address;

    public String mac;

    public int attempt;

    @Enumerated(EnumType.STRING)
    public NodeState state;

    @Column(name = "state_reason")
    public String stateReason;

    @Column(name = "state_since")
    public Instant stateSince;

    /** The highest attempt that node-provisioner reported provisioned. */
    @Column(name = "provisioned_attempt")
    public int provisionedAttempt;

    /** The highest attempt that node-provisioner reported failed, and why. */
    @Column(name = "failed_attempt")
    public int failedAttempt;

    @Column(name = "failed_reason")
    public String failedReason;

    /** The export table generation that included the node, and the latest one that failed to. */
    @Column(name = "exported_generation")
    public long exportedGeneration;

    @Column(name = "export_failed_generation")
    public long exportFailedGeneration;

    @Column(name = "export_failed_reason")
    public String exportFailedReason;

    /** Export failures up to this generation were answered by an operator's retry. */
    @Column(name = "export_failures_retried")
    public long exportFailuresRetried;

    @Column(name = "remove_requested")
    public boolean removeRequested;

    @Column(name = "purge_requested")
    public boolean purgeRequested;

    public boolean unexported;

    public boolean purged;

    @Column(name = "tree_path")
    public String treePath;

    @Column(name = "tree_files")
    public Long treeFiles;

    @Column(name = "tree_bytes")
    public Long treeBytes;

    /** Special files the provisioner found and did not copy, one per line. */
    @Column(name = "tree_skipped")
    public String treeSkipped;

    /** The node's own last report of its boot, when nfs-exporter received it, and its error if it failed. */
    @Enumerated(EnumType.STRING)
    @Column(name = "boot_stage")
    public BootProgress bootStage;

    @Column(name = "boot_reported_at")
    public Instant bootReportedAt;

    @Column(name = "boot_error")
    public String bootError;

    /** When the node last reported that it was up. */
    @Column(name = "booted_at")
    public Instant bootedAt;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    public NodeId id() {
        return new NodeId(veId, vemId);
    }
}
