package io.sharedfs.provisioner.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.sharedfs.contracts.customization.CustomizationScope;
import io.sharedfs.contracts.node.NodeRef;
import io.sharedfs.provisioner.customization.NodeDirs;
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

/** One customization of an image on this storage host, and how far its disk work got. */
@Entity
@Table(name = "customization")
public class Customization extends PanacheEntityBase {

    @Id
    @Column(name = "customization_id")
    public UUID customizationId;

    @Column(name = "image_id")
    public UUID imageId;

    @Column(name = "root_path")
    public String rootPath;

    public String path;

    @Enumerated(EnumType.STRING)
    public CustomizationScope scope;

    @Column(name = "apply_to_existing")
    public boolean applyToExisting;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "private_dirs")
    public List<String> privateDirs;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "shared_subdirs")
    public List<String> sharedSubdirs;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "ram_dirs")
    public List<String> ramDirs;

    @Enumerated(EnumType.STRING)
    public CustomizationState state;

    @Column(name = "revert_requested")
    public boolean revertRequested;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "revert_plan")
    public List<String> revertPlan = List.of();

    @Column(name = "applied_at")
    public Instant appliedAt;

    public String result;

    public String reason;

    public int tries;

    @Column(name = "next_run_at")
    public Instant nextRunAt;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    public NodeDirs dirs() {
        return new NodeDirs(privateDirs, sharedSubdirs, ramDirs);
    }

    /** The revert plan as node references. */
    public List<NodeRef> plannedNodes() {
        return revertPlan.stream().map(Customization::node).toList();
    }

    public static String ref(NodeRef node) {
        return node.veId() + "/" + node.vemId();
    }

    private static NodeRef node(String ref) {
        int slash = ref.indexOf('/');
        return new NodeRef(Long.parseLong(ref.substring(0, slash)), Long.parseLong(ref.substring(slash + 1)));
    }
}
