package io.sharedfs.image.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.sharedfs.contracts.image.ImageSpec;
import io.sharedfs.contracts.image.ImageStatus;
import io.sharedfs.contracts.node.ImageRef;
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

/** An FS image in the registry. {@code version} is its ETag and the version its events carry. */
@Entity
@Table(name = "image")
public class Image extends PanacheEntityBase {

    @Id
    public UUID id;

    public String name;

    @Column(name = "root_path")
    public String rootPath;

    @Column(name = "storage_host")
    public String storageHost;

    public boolean shared;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "private_dirs")
    public List<String> privateDirs;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "shared_subdirs")
    public List<String> sharedSubdirs;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "ram_dirs")
    public List<String> ramDirs;

    public String description;

    @Enumerated(EnumType.STRING)
    public ImageStatus status;

    @Column(name = "status_reason")
    public String statusReason;

    @Column(name = "layout_request_version")
    public long layoutRequestVersion;

    public long version;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    /** Copies the operator-controlled fields from a validated draft. */
    void apply(ImageDraft draft) {
        name = draft.name();
        rootPath = draft.rootPath();
        storageHost = draft.storageHost();
        shared = draft.shared();
        privateDirs = List.copyOf(draft.privateDirs());
        sharedSubdirs = List.copyOf(draft.sharedSubdirs());
        ramDirs = List.copyOf(draft.ramDirs());
        description = draft.description();
    }

    /** The draft that would leave this image as it is. */
    public ImageDraft toDraft() {
        return new ImageDraft(name, rootPath, storageHost, shared, privateDirs, sharedSubdirs, ramDirs, description);
    }

    /** Asks the storage host again: the status waits for an answer about this version. */
    void awaitLayout() {
        status = ImageStatus.PENDING;
        statusReason = null;
        layoutRequestVersion = version;
    }

    /** What a storage host needs to know about the image, as node and customization events carry it. */
    public ImageRef toRef() {
        return new ImageRef(id, storageHost, rootPath, shared, privateDirs, sharedSubdirs, ramDirs);
    }

    public ImageSpec toSpec() {
        return new ImageSpec(id, name, rootPath, storageHost, shared, privateDirs, sharedSubdirs, ramDirs,
                description, version, status, statusReason);
    }
}
