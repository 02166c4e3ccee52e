package io.sharedfs.ve.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.sharedfs.contracts.customization.CustomizationScope;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A customization of one file of an image, as image-service announced it; uploads need a live one. */
@Entity
@Table(name = "image_customization")
public class ImageCustomization extends PanacheEntityBase {

    /** Whether uploads for the customization are accepted, and if not, why. */
    public enum Status {
        LIVE,
        /** An operator asked to undo it. */
        REVERTED,
        /** A newer customization of the same path was requested: image-service allows that once this one ended. */
        SUPERSEDED
    }

    @Id
    @Column(name = "customization_id")
    public UUID customizationId;

    @Column(name = "image_id")
    public UUID imageId;

    public String path;

    @Enumerated(EnumType.STRING)
    public CustomizationScope scope;

    @Enumerated(EnumType.STRING)
    public Status status;

    @Column(name = "requested_at")
    public Instant requestedAt;

    @Column(name = "ended_at")
    public Instant endedAt;

    void end(Status why) {
        status = why;
        endedAt = Instant.now();
    }
}
