package io.sharedfs.exporter.domain;

import io.sharedfs.contracts.node.NodeRef;
import io.sharedfs.exporter.exports.NodeFacts;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * What the exporter knows about one node: the facts from its events (each only ever grows or is
 * replaced by a later attempt's) and where it stands in the applied table.
 */
public final class NodeRow {

    public final String storageHost;
    public final long veId;
    public final long vemId;

    public String hostname;
    public String address;
    public UUID imageId;
    public String rootPath;
    public boolean shared;
    public List<String> privateDirs = List.of();
    public List<String> sharedSubdirs = List.of();
    public List<String> ramDirs = List.of();
    public int addedAttempt;
    public int provisionedAttempt;
    public UUID provisionedImageId;
    /** When the current attempt's NodeAdded was processed here. */
    public Instant addedAt;
    /** The last attempt node-provisioner reported failed; 0 when none. */
    public int provisioningFailedAttempt;
    public boolean removed;
    public boolean imageDeleted;
    public boolean elsewhere;
    public Long activatedGeneration;
    public long changedGeneration;
    public boolean everRendered;
    public Long exportedGeneration;
    public String exportedSignature;
    public Long failedGeneration;
    public boolean unexportedPublished;

    public NodeRow(String storageHost, long veId, long vemId) {
        this.storageHost = storageHost;
        this.veId = veId;
        this.vemId = vemId;
    }

    public NodeRef ref() {
        return new NodeRef(veId, vemId);
    }

    /** Known from NodeAdded (address and image) and not withdrawn. */
    public boolean known() {
        return address != null && rootPath != null && !withdrawn();
    }

    /** Out of the table for good or until a later NodeAdded brings it back here. */
    public boolean withdrawn() {
        return removed || imageDeleted || elsewhere;
    }

    /**
     * Known, not withdrawn and provisioned for the image it now runs (a later attempt on another
     * image waits for its own tree): it belongs in the table.
     */
    public boolean ready() {
        return known() && provisionedAttempt > 0 && (provisionedImageId == null || provisionedImageId.equals(imageId));
    }

    /**
     * Known and not withdrawn, and the tree of its current attempt not reported yet (neither
     * provisioned nor failed): a change of the table that is on its way.
     */
    public boolean awaiting() {
        return known() && !ready() && provisioningFailedAttempt < addedAttempt;
    }

    public NodeFacts facts() {
        return new NodeFacts(ref(), address, rootPath, shared, privateDirs, sharedSubdirs, ramDirs);
    }

    /**
     * What of the node reaches the export table, or null when it is not in it; a change of this
     * value is a change of the desired table.
     */
    public Object tableKey() {
        return ready() ? List.of(address, rootPath, shared, privateDirs) : null;
    }

    /** Whether the desired table differs between two states of the node. */
    public static boolean tableChanged(Object keyBefore, NodeRow after) {
        return !Objects.equals(keyBefore, after.tableKey());
    }
}
