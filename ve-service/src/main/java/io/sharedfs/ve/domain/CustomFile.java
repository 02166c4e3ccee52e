package io.sharedfs.ve.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * The last uploaded content of a customized file of a VE ({@code vemId} 0) or of one node, with
 * what the storage host reported about writing it.
 */
@Entity
@Table(name = "custom_file")
@IdClass(CustomFile.Key.class)
public class CustomFile extends PanacheEntityBase {

    /** The {@code vemId} of a file shared by the VE's nodes (VEM ids start at 1). */
    public static final long VE_WIDE = 0;

    @Id
    @Column(name = "ve_id")
    public long veId;

    @Id
    @Column(name = "vem_id")
    public long vemId;

    @Id
    public String path;

    /** 1 for the first upload, one more for each upload that changed the content. */
    public long revision;

    /** Hex SHA-256 of {@link #content}. */
    public String sha256;

    public byte[] content;

    public int size;

    @Column(name = "uploaded_at")
    public Instant uploadedAt;

    /** The revision the storage host reported written; the file is written when it is the current one. */
    @Column(name = "written_revision")
    public long writtenRevision;

    @Column(name = "written_at")
    public Instant writtenAt;

    @Column(name = "storage_host")
    public String storageHost;

    @Column(name = "server_path")
    public String serverPath;

    /** The revision the storage host reported it could not write, and why. */
    @Column(name = "failed_revision")
    public long failedRevision;

    @Column(name = "write_error")
    public String writeError;

    @Column(name = "failed_at")
    public Instant failedAt;

    /** The node the file belongs to, or null for the VE's file. */
    public Long vem() {
        return vemId == VE_WIDE ? null : vemId;
    }

    /** Whether the storage host confirmed writing the current revision. */
    public boolean written() {
        return writtenRevision >= revision;
    }

    /** Why the storage host could not write the current revision, or null. */
    public String currentWriteError() {
        return !written() && failedRevision == revision ? writeError : null;
    }

    /** The id of a custom file. */
    public record Key(long veId, long vemId, String path) implements java.io.Serializable {

        public Key() {
            this(0, 0, null);
        }
    }
}
