package io.sharedfs.provisioner.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** The uploaded content of one customized file of a VE ({@code vemId} 0) or of one node. */
@Entity
@Table(name = "custom_file")
@IdClass(CustomFile.Key.class)
public class CustomFile extends PanacheEntityBase {

    public static final String PENDING = "PENDING";
    public static final String WRITTEN = "WRITTEN";
    public static final String FAILED = "FAILED";

    @Id
    @Column(name = "ve_id")
    public long veId;

    /** 0 for the VE's own file ({@code /custom/ve}). */
    @Id
    @Column(name = "vem_id")
    public long vemId;

    @Id
    public String path;

    @Column(name = "image_id")
    public UUID imageId;

    @Column(name = "root_path")
    public String rootPath;

    public long revision;

    public String sha256;

    public byte[] content;

    public String state;

    @Column(name = "written_revision")
    public long writtenRevision;

    @Column(name = "server_path")
    public String serverPath;

    public String reason;

    @Column(name = "updated_at")
    public Instant updatedAt;

    /** The id of a custom file row. */
    public record Key(long veId, long vemId, String path) implements java.io.Serializable {

        public Key() {
            this(0, 0, null);
        }
    }

    /** The node, or null for the VE's file. */
    public Long vem() {
        return vemId == 0 ? null : vemId;
    }
}
