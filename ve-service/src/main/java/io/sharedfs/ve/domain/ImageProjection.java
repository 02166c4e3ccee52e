package io.sharedfs.ve.domain;

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
import java.util.List;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** ve-service's copy of an image, kept from image-service's events. */
@Entity
@Table(name = "image_projection")
public class ImageProjection extends PanacheEntityBase {

    @Id
    @Column(name = "image_id")
    public UUID imageId;

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

    @Enumerated(EnumType.STRING)
    public ImageStatus status;

    @Column(name = "status_reason")
    public String statusReason;

    public long version;

    public boolean deleted;

    void apply(ImageSpec spec) {
        imageId = spec.imageId();
        name = spec.name();
        rootPath = spec.rootPath();
        storageHost = spec.storageHost();
        shared = spec.shared();
        privateDirs = spec.privateDirs();
        sharedSubdirs = spec.sharedSubdirs();
        ramDirs = spec.ramDirs();
        status = spec.status();
        statusReason = spec.statusReason();
        version = spec.version();
    }

    /** What the agents need to know about this image, as node events carry it. */
    public ImageRef toRef() {
        return new ImageRef(imageId, storageHost, rootPath, shared, privateDirs, sharedSubdirs, ramDirs);
    }

    /** Why a multi-server VE cannot run on this image, or null when it can. */
    public String unfitForManyNodes() {
        if (deleted) {
            return "image " + name + " was deleted";
        }
        if (!shared) {
            return "image " + name + " is not shared; tick its shared checkbox first";
        }
        if (status != ImageStatus.READY) {
            return unfitForOneNode() != null ? unfitForOneNode()
                    : "image " + name + " is " + status + ": the storage host has not prepared it yet";
        }
        return null;
    }

    /** Why even a single-server VE cannot run on this image, or null when it can. */
    public String unfitForOneNode() {
        if (deleted) {
            return "image " + name + " was deleted";
        }
        if (status == ImageStatus.INVALID) {
            return "image " + name + " is INVALID: " + statusReason;
        }
        return null;
    }
}
