package io.sharedfs.image.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.sharedfs.contracts.customization.CustomizationScope;
import io.sharedfs.contracts.node.NodeRef;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * One customized file of an image and what the storage host reported doing. {@code version} is its
 * ETag; node lists are stored as {@code "<veId>/<vemId>"} texts.
 */
@Entity
@Table(name = "customization")
public class Customization extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "image_id")
    public UUID imageId;

    public String path;

    @Enumerated(EnumType.STRING)
    public CustomizationScope scope;

    @Column(name = "link_target")
    public String linkTarget;

    @Column(name = "apply_to_existing_nodes")
    public boolean applyToExistingNodes;

    @Enumerated(EnumType.STRING)
    public CustomizationStatus status;

    public String reason;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "ve_copies")
    public List<Long> veCopies = List.of();

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "node_copies")
    public List<String> nodeCopies = List.of();

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "linked_nodes")
    public List<String> linkedNodes = List.of();

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "kept_local_changes")
    public List<String> keptLocalChanges = List.of();

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "restored_nodes")
    public List<String> restoredNodes = List.of();

    @Column(name = "requested_at")
    public Instant requestedAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    public long version;

    /** The image's live customizations, oldest first. */
    public static List<Customization> liveOf(UUID imageId) {
        return list("imageId = ?1 and status in ?2 order by requestedAt, id", imageId, CustomizationStatus.LIVE);
    }

    /** Moves to {@code next}, with the reason (or none); one more version. */
    void moveTo(CustomizationStatus next, String why) {
        status = next;
        reason = why;
        version++;
        updatedAt = Instant.now();
    }

    /** Node references as stored. */
    static List<String> stored(List<NodeRef> nodes) {
        return nodes.stream().map(node -> node.veId() + "/" + node.vemId()).toList();
    }

    /** Node references as stored, read back. */
    public static List<NodeRef> nodes(List<String> stored) {
        return stored.stream().map(text -> {
            int slash = text.indexOf('/');
            return new NodeRef(Long.parseLong(text.substring(0, slash)), Long.parseLong(text.substring(slash + 1)));
        }).toList();
    }
}
