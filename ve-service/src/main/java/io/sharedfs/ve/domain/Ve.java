package io.sharedfs.ve.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A virtual environment: a named service with a numeric id, one image and its nodes. */
@Entity
@Table(name = "ve")
public class Ve extends PanacheEntityBase {

    @Id
    public long id;

    public String name;

    @Column(name = "image_id")
    public UUID imageId;

    @Column(name = "multi_server")
    public boolean multiServer;

    public String description;

    @Column(name = "last_vem_id")
    public long lastVemId;

    public long version;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    /** The next VEM id; ids are never reused, so a new node never inherits an old private tree. */
    long allocateVemId() {
        return ++lastVemId;
    }
}
